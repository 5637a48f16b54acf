/**
 * The dev server must know every search attribute the issue workflow upserts (an unknown one fails the workflow
 * task, and the issue stops moving), with the same type, and the flags must match Temporal CLI v1.5.1.
 */
import { TypedSearchAttributes, type SearchAttributeType } from '@temporalio/common';
import * as issueSearchAttributes from '../../workflows/search-attributes';
import * as experimentSearchAttributes from '../../src/experiments/experiment-search-attribute';
import { devServerArgs, SEARCH_ATTRIBUTES } from '../../src/temporal/dev-server';

function isSearchAttributeKey(value: unknown): value is { name: string; type: SearchAttributeType } {
  return typeof value === 'object' && value !== null && 'name' in value && 'type' in value;
}

function flagValues(args: string[], flag: string): string[] {
  return args.flatMap((arg, i) => (arg === flag ? [args[i + 1]!] : []));
}

describe('temporal server start-dev arguments', () => {
  it('registers every search attribute the workflow writes, with its type', () => {
    // the gateway's own at intake too (experiment variants)
    const workflowKeys = [...Object.values(issueSearchAttributes as Record<string, unknown>), ...Object.values(experimentSearchAttributes)]
      .filter(isSearchAttributeKey);
    expect(workflowKeys.length).toBeGreaterThan(0);
    const registered = flagValues(devServerArgs({ ip: '127.0.0.1', port: 7233, uiPort: null }), '--search-attribute');
    for (const key of workflowKeys) {
      expect(registered).toContain(`${key.name}=${TypedSearchAttributes.toMetadataType(key.type)}`);
    }
    expect(registered).toHaveLength(SEARCH_ATTRIBUTES.length);
  });

  it('runs headless and in memory unless a UI port and a database file are given', () => {
    const args = devServerArgs({ ip: '127.0.0.1', port: 7233, uiPort: null });
    expect(args.slice(0, 6)).toEqual(['server', 'start-dev', '--ip', '127.0.0.1', '--port', '7233']);
    expect(args).toContain('--headless');
    expect(args).not.toContain('--ui-port');
    expect(args).not.toContain('--db-filename');
    expect(flagValues(args, '--namespace')).toEqual(['default']);
  });

  it('serves the UI and keeps state in a file when asked', () => {
    const args = devServerArgs({ ip: '127.0.0.1', port: 17233, uiPort: 18233, dbFilename: '/data/temporal.db' });
    expect(flagValues(args, '--ui-port')).toEqual(['18233']);
    expect(flagValues(args, '--db-filename')).toEqual(['/data/temporal.db']);
    expect(args).not.toContain('--headless');
  });

  it('never calls home for a version check and passes dynamic config as JSON values', () => {
    const args = devServerArgs({ ip: '127.0.0.1', port: 7233, uiPort: null, dynamicConfig: { 'limit.x': 5, 'name.y': 'z' } });
    expect(flagValues(args, '--dynamic-config-value')).toEqual([
      'frontend.enableServerVersionCheck=false',
      'limit.x=5',
      'name.y="z"',
    ]);
  });
});
