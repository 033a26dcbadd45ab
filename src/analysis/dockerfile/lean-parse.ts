// dockerfile-ast's parse, without the work the engine never reads. The engine takes from
// the parse only the instructions' keywords and ranges and the escape character
// (model.ts); it scans arguments itself. dockerfile-ast 0.7.1's Parser builds every
// instruction twice (once to look for heredocs, once to keep) as its keyword's class,
// whose constructor tokenises all the arguments (RUN, CMD, COPY… are JSONInstructions),
// and gives every comment a Range and a Comment object: 75 % of our lint time on the
// bench corpus, most of it argument tokenisation (bench/README.md). This parser is the
// library's own with three methods replaced, so it finds the same instructions at the same
// ranges:
//   - createInstruction keeps a plain Instruction (same document, ranges, keyword text);
//   - processHeredocs hands the library's own method a real instruction of the keyword's
//     class, built as before, whenever the instruction's text holds a '<' (a heredoc
//     argument starts with '<<', and argument values are made of the text's own
//     characters), so heredoc bodies are skipped exactly as before;
//   - processComment finds the comment's end as the library does (the next CR or LF) but
//     records nothing: the engine reads no comments (suppressions come from the text).
// Checked by lean-parse.test.ts (same instructions, ranges and escape as the library's
// parse on every fixture, corpus file and thousands of mutations) and by
// bench/tools/snapshot-analyses.ts (same analyses, byte for byte).
import { DockerfileParser, Instruction, type Dockerfile } from 'dockerfile-ast';
import type { Dockerfile as ParsedDockerfile } from 'dockerfile-ast/lib/dockerfile';
import { Parser } from 'dockerfile-ast/lib/parser';
import type { Range } from '../types';

/** The text document dockerfile-ast's parser holds (the type of Instruction's first parameter). */
type TextDocument = ConstructorParameters<typeof Instruction>[0];

interface ParserInternals {
  document: TextDocument;
  buffer: string;
  escapeChar: string;
}

type ProcessHeredocs = (this: ParserInternals, instruction: Instruction, offset: number) => number;

interface ParserMethods {
  createInstruction(
    this: ParserInternals,
    dockerfile: ParsedDockerfile,
    instruction: string,
    start: number,
    instructionEnd: number,
    end: number,
  ): Instruction;
  processHeredocs: ProcessHeredocs;
  processComment(this: ParserInternals, dockerfile: ParsedDockerfile, start: number): number;
}

const stockMethods = Parser.prototype as unknown as Partial<ParserMethods>;
const stockProcessHeredocs = stockMethods.processHeredocs;

const leanMethods: ParserMethods = {
  createInstruction(dockerfile, instruction, start, instructionEnd, end) {
    const startPosition = this.document.positionAt(start);
    const instructionRange: Range = {
      start: startPosition,
      end: this.document.positionAt(instructionEnd),
    };
    const lineRange: Range = { start: startPosition, end: this.document.positionAt(end) };
    return new Instruction(
      this.document,
      lineRange,
      dockerfile,
      this.escapeChar,
      instruction,
      instructionRange,
    );
  },
  processHeredocs(instruction, offset) {
    // Only this instruction's text (an indexOf would run on to the end of the file).
    const buffer = this.buffer;
    let lt = this.document.offsetAt(instruction.getRange().start);
    while (lt < offset && buffer.charCodeAt(lt) !== 60 /* < */) lt++;
    if (lt >= offset) return offset;
    const real = Parser.createInstruction(
      this.document,
      (instruction as unknown as { dockerfile: ParsedDockerfile }).dockerfile,
      this.escapeChar,
      instruction.getRange(),
      instruction.getInstruction(),
      instruction.getInstructionRange(),
    );
    return stockProcessHeredocs!.call(this, real, offset);
  },
  processComment(_dockerfile, start) {
    const buffer = this.buffer;
    for (let i = start + 1; i < buffer.length; i++) {
      const c = buffer.charCodeAt(i);
      if (c === 13 || c === 10) return i;
    }
    return buffer.length;
  },
};

/** The library's internals this relies on are there (dockerfile-ast 0.7.x). */
export const leanParseAvailable =
  typeof stockMethods.createInstruction === 'function' &&
  typeof stockMethods.processComment === 'function' &&
  typeof stockProcessHeredocs === 'function' &&
  typeof Parser.createInstruction === 'function';

class LeanParser extends Parser {}
Object.assign(LeanParser.prototype, leanMethods);

/**
 * What a lean parse offers: its instructions are plain Instructions (keyword, ranges; no
 * typed accessors such as getFROMs() find them) and it has no comments.
 */
export type LeanDockerfile = Pick<
  Dockerfile,
  'getEscapeCharacter' | 'getDirectives' | 'getInstructions'
>;

/**
 * The instructions (keywords, ranges, instruction ranges), directives and escape character
 * of `text` as dockerfile-ast parses them. Falls back to the library's full parse if its
 * internals have changed.
 */
export function leanParse(text: string): LeanDockerfile {
  return leanParseAvailable ? new LeanParser().parse(text) : DockerfileParser.parse(text);
}
