/**
 * Roles. People are `agent` (handles the tasks of their teams), `supervisor` (also manages their teams' queue and
 * canned responses) or `admin` (everything). Named API tokens carry one of those, or `integration`: a system (the
 * CRM) that pushes CRM data and can do nothing else. The old name `operator` is accepted as `agent`.
 */
export const PERSON_ROLES = ['agent', 'supervisor', 'admin'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];
export type Role = PersonRole | 'integration';
export const ROLES: readonly Role[] = [...PERSON_ROLES, 'integration'];
/** what callers may send: a role or the old alias */
export type RoleInput = Role | 'operator';
export const ROLE_INPUTS = ['agent', 'supervisor', 'admin', 'integration', 'operator'] as const;
export const PERSON_ROLE_INPUTS = ['agent', 'supervisor', 'admin', 'operator'] as const;

export function normaliseRole(role: RoleInput): Role {
  return role === 'operator' ? 'agent' : role;
}

/** The people who handle issues (an integration token is not one of them). */
export const STAFF: readonly Role[] = PERSON_ROLES;

/** Who is calling: a person (signed in, or through a personal API token) or a named API token. */
export interface Operator {
  id: string;
  name: string;
  role: Role;
  email?: string;
  /** teams the person belongs to or supervises */
  teamIds: string[];
  /** teams the person supervises */
  supervisedTeamIds: string[];
  languages: string[];
  skills: string[];
}
