import { hasRole, type Principal } from '@erp/auth';
import { ForbiddenError } from '@erp/errors';

/** Object-level rules (domain): who may see and act on whose records. Who may call a route at all is in entry-points/api/access-policy.ts. */

/** hr and admin see and manage everyone. */
export function isHrStaff(principal: Principal): boolean {
  return hasRole(principal, 'admin', 'hr');
}

/** The employee id of a staff caller; services have none and may not act as a person. */
export function actorEmployeeId(principal: Principal): string {
  if (principal.employeeId === null) throw new ForbiddenError('This action needs a staff account');
  return principal.employeeId;
}

/** The employee fields the policy needs. */
export interface Subject {
  id: string;
  managerId: string | null;
}

/** Self, the direct manager, or hr. Everyone else must not learn the record exists. */
export function canSeeEmployee(principal: Principal, subject: Subject): boolean {
  if (isHrStaff(principal)) return true;
  return principal.employeeId !== null && (subject.id === principal.employeeId || subject.managerId === principal.employeeId);
}

/** The direct manager or hr, and never the subject themselves. */
export function canDecideFor(principal: Principal, subject: Subject): boolean {
  if (principal.employeeId === null || principal.employeeId === subject.id) return false;
  return isHrStaff(principal) || subject.managerId === principal.employeeId;
}
