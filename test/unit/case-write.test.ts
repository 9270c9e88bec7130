import { describe, expect, it } from 'vitest';
import { caseUpdate } from '../../functions/adapters/dynamodb/case-write.ts';

describe('one write to a case', () => {
  it('checks the version read and moves it on, with typed fields behind placeholders', () => {
    expect(
      caseUpdate('T', 'ACC-1-1', {
        set: { rung: 'firm', brokenPromiseDate: '2026-12-01' },
        remove: ['pause'],
        bumpCycle: true,
        guard: { expectVersion: 4 },
      }),
    ).toEqual({
      TableName: 'T',
      Key: { pk: 'CASE#ACC-1-1', sk: 'CASE' },
      UpdateExpression:
        'SET version = version + :one, #rung = :set_rung, #brokenPromiseDate = :set_brokenPromiseDate, #cycle = if_not_exists(#cycle, :zero) + :one REMOVE #pause',
      ConditionExpression: 'version = :version',
      ExpressionAttributeNames: {
        '#rung': 'rung',
        '#brokenPromiseDate': 'brokenPromiseDate',
        '#cycle': 'cycle',
        '#pause': 'pause',
      },
      ExpressionAttributeValues: {
        ':one': 1,
        ':set_rung': 'firm',
        ':set_brokenPromiseDate': '2026-12-01',
        ':zero': 0,
        ':version': 4,
      },
    });
  });

  it('adds its own condition to the version check', () => {
    const update = caseUpdate('T', 'C', {
      set: { balance: { amount: 5, currency: 'GBP' } },
      guard: {
        expectVersion: 2,
        when: { expression: '#status = :open', names: { '#status': 'status' }, values: { ':open': 'open' } },
      },
    });
    expect(update.ConditionExpression).toBe('version = :version AND (#status = :open)');
    expect(update.ExpressionAttributeValues).toMatchObject({ ':version': 2, ':open': 'open' });
  });

  it('writes an unversioned write without a version condition, and without moving the version when asked', () => {
    const update = caseUpdate('T', 'C', {
      remove: ['brokenPromiseDate', 'noticeOnResume'],
      bumpVersion: false,
      guard: { unversioned: 'notes already sent' },
    });
    expect(update).toEqual({
      TableName: 'T',
      Key: { pk: 'CASE#C', sk: 'CASE' },
      UpdateExpression: 'REMOVE #brokenPromiseDate, #noticeOnResume',
      ExpressionAttributeNames: {
        '#brokenPromiseDate': 'brokenPromiseDate',
        '#noticeOnResume': 'noticeOnResume',
      },
    });
  });

  it('refuses a placeholder that would stand for two values, and a write that changes nothing', () => {
    expect(() =>
      caseUpdate('T', 'C', {
        bumpCycle: true,
        guard: { expectVersion: 1, when: { expression: 'balance.amount > :zero', values: { ':zero': 1 } } },
      }),
    ).toThrow(/two values/);
    expect(() => caseUpdate('T', 'C', { bumpVersion: false, guard: { unversioned: 'x' } })).toThrow(
      /changes nothing/,
    );
  });
});
