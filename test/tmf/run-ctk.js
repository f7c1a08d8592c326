// Runs TM Forum's TMF621 conformance kit with newman's Node API against TMF_API_URL (the v4 base), sending TMF_TOKEN
// as collection-level bearer auth (the kit itself sends no credentials). Prints the figures as one JSON line.
// A process of its own: newman's dependencies do not load under Jest's module system.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const newman = require('newman');

const collection = JSON.parse(readFileSync(join(__dirname, 'CTK-TMF621-TroubleTicket-R18.postman_collection.json'), 'utf8'));
collection.auth = { type: 'bearer', bearer: [{ key: 'token', value: process.env.TMF_TOKEN, type: 'string' }] };

newman.run({ collection, envVar: [{ key: 'TroubleTicketAPI', value: process.env.TMF_API_URL }], reporters: [] }, (err, summary) => {
  if (err) {
    console.error(err);
    process.exit(2);
  }
  const { requests, assertions } = summary.run.stats;
  const failures = summary.run.failures.map((f) => `${f.source && f.source.name}: ${f.error.message}`);
  if (process.env.CTK_DEBUG) for (const e of summary.run.executions) console.error(e.item.name, e.response && e.response.code, (e.assertions || []).length);
  console.log(JSON.stringify({ requests: requests.total, assertions: assertions.total, failed: assertions.failed, failures }));
});
