// Takes a screenshot per request; each browser's helpers are orphaned when it exits.
const http = require('node:http');
const puppeteer = require('puppeteer-core');
http
  .createServer(async (_req, res) => {
    const browser = await puppeteer.launch({ executablePath: process.env.PUPPETEER_EXECUTABLE_PATH });
    const page = await browser.newPage();
    await page.goto('http://example.com');
    res.end(await page.screenshot());
    await browser.close();
  })
  .listen(3000);
