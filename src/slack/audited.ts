import type { Auditor } from '../buildkite/incident.js';
import { startAudit, type AuditWhere } from './audit.js';
import type { AppDeps } from './deps.js';

/** Wraps single mutating calls made outside performCardAction (modals, incident fan-outs) in the audit log. */
export function auditorFor(deps: AppDeps, where: AuditWhere): Auditor {
  return async (subject, call) => {
    const audit = await startAudit(deps, where, subject);
    try {
      const result = await call();
      await audit.succeeded();
      return result;
    } catch (error) {
      await audit.failed(error);
      throw error;
    }
  };
}
