import 'dotenv/config';
import { exitCode, renderTable } from '../src/doctor/render-table.js';
import { runDoctor } from '../src/doctor/run-doctor.js';
import { redact } from '../src/logger.js';

// `npm run doctor`: checks the set-up in .env / the environment, prints one table, exits 1 on any FAIL.
const rows = await runDoctor(process.env);
// No check puts a secret in its row; redaction, cell by cell (a variable's name ending one cell must not
// take the next with it), is the second lock.
const shown = rows.map((row) => ({ ...row, detail: redact(row.detail), fix: redact(row.fix) }));
process.stdout.write(renderTable(shown), () => process.exit(exitCode(rows)));
