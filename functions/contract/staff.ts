/**
 * The staff user pool's groups (issue 12), defined once for the stack (lib/constructs/staff-console.ts),
 * the local runtime's demo users, and the console (functions/domain/staff.ts): the role each gives.
 */
export const STAFF_GROUPS = { agents: 'agent', supervisors: 'supervisor', viewers: 'viewer' } as const;
export type StaffGroup = keyof typeof STAFF_GROUPS;
export type StaffRole = (typeof STAFF_GROUPS)[StaffGroup];
