// Docker Swarm through a manager's Engine API: services grouped into stacks like compose
// projects, their tasks (desired and current state, node, container), and "why did the
// service's task die?" with the container causes plus the swarm's own.
export * from './types';
export {
  byNewest,
  groupStacks,
  listSwarm,
  nodeOf,
  replicaCounts,
  serviceOf,
  swarmRole,
  swarmRoleOf,
  taskOf,
} from './list';
export {
  classifyTask,
  explainService,
  pickTask,
  swarmFacts,
  taskOnlyEvidence,
  type ServiceExplainOptions,
  type ServiceExplainResult,
} from './explain';
export { LiveSwarm, TASK_ID_LABEL, TASK_SERVICE_LABEL } from './live';
