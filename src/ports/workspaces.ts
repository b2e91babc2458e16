/**
 * Which workspaces the bot serves now. Jobs act only for these, and a request from any other is
 * refused. Single-workspace mode serves its one install (and, for an org-wide install, the
 * workspaces of its org: every team found in the data); distributed mode serves every workspace
 * that installed the app and has not uninstalled it or revoked its tokens.
 */
export interface Workspaces {
  /** 'all': no filter (single-workspace mode). Otherwise the set of team ids served. */
  served(): Promise<ReadonlySet<string> | 'all'>;
  isServed(teamId: string): Promise<boolean>;
}

/** Single-workspace mode: the authorize step already refuses other workspaces' requests. */
export const everyWorkspace: Workspaces = {
  served: async () => 'all',
  isServed: async () => true,
};
