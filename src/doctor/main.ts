import 'dotenv/config';
import { exitCode, renderTable } from './render-table.js';
import { runDoctor } from './run-doctor.js';
import { guardOutputs, writeStdout } from '../log-output.js';
import { maskCell } from './mask-cell.js';

// `npm run doctor` (or `node dist/doctor/main.js` where the bot is deployed, in its image): checks the set-up in
// .env / the environment, prints one table, exits 1 on any FAIL.
// A reader gone early (`npm run doctor | head`) must not turn into an EPIPE crash: writes go through log-output.
guardOutputs();
const rows = await runDoctor(process.env);
// No check puts a secret in its row; masking cell by cell (a variable's name ending one cell must not take
// the next with it) is the second lock.
const shown = rows.map((row) => ({ ...row, detail: maskCell(row.detail), fix: maskCell(row.fix) }));
writeStdout(renderTable(shown));
// Exits once stdout has taken the table (a pipe on Linux takes it at once) or has closed.
const code = exitCode(rows);
const exit = () => process.exit(code);
if (process.stdout.writableLength === 0) exit();
else for (const settled of ['drain', 'close', 'error'] as const) process.stdout.once(settled, exit);
