import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../contract/table.ts';
import { isLanguageCode } from '../../domain/language.ts';
import type { DebtorPreferences } from '../../ports/case-store.ts';
import { dynamo } from './client.ts';

/** What the debtor's preferences item says: their language and their opt-out of every email, if kept. */
export function preferencesOfItem(
  item: Record<string, unknown> | undefined,
): Awaited<ReturnType<DebtorPreferences['preferencesOf']>> {
  return {
    ...(isLanguageCode(item?.language) ? { language: item.language } : {}),
    ...(typeof item?.emailsStoppedAt === 'string' ? { emailsStoppedAt: item.emailsStoppedAt } : {}),
  };
}

/** The debtor's preferences item (`DEBTOR#<hash>` / `PREFERENCES`), beside their contact ledger. */
export function dynamoDebtorPreferences(tableName: string): DebtorPreferences {
  return {
    async preferredLanguage(email) {
      const { Item } = await dynamo.send(
        new GetCommand({ TableName: tableName, Key: keys.debtorPreferences(email), ConsistentRead: true }),
      );
      return isLanguageCode(Item?.language) ? Item.language : undefined;
    },

    /** The latest choice wins: a choice older than the one kept does not replace it. */
    async keepPreferredLanguage(email, language, at) {
      try {
        await dynamo.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.debtorPreferences(email),
            UpdateExpression: 'SET itemType = :type, #language = :language, languageChosenAt = :at',
            ConditionExpression: 'attribute_not_exists(languageChosenAt) OR languageChosenAt <= :at',
            ExpressionAttributeNames: { '#language': 'language' },
            ExpressionAttributeValues: { ':type': 'debtor-preferences', ':language': language, ':at': at },
          }),
        );
      } catch (error) {
        if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      }
    },

    async preferencesOf(email) {
      const { Item } = await dynamo.send(
        new GetCommand({ TableName: tableName, Key: keys.debtorPreferences(email), ConsistentRead: true }),
      );
      return preferencesOfItem(Item);
    },

    async emailsStoppedAt(email) {
      const { Item } = await dynamo.send(
        new GetCommand({ TableName: tableName, Key: keys.debtorPreferences(email), ConsistentRead: true }),
      );
      return typeof Item?.emailsStoppedAt === 'string' ? Item.emailsStoppedAt : undefined;
    },

    /** The first opt-out stands: a second one (a repeated one-click, a later complaint) changes nothing. */
    async stopEmails(debtorKey, at, how) {
      try {
        await dynamo.send(
          new UpdateCommand({
            TableName: tableName,
            Key: keys.debtorPreferencesOf(debtorKey),
            UpdateExpression: 'SET itemType = :type, emailsStoppedAt = :at, emailsStoppedBy = :how',
            ConditionExpression: 'attribute_not_exists(emailsStoppedAt)',
            ExpressionAttributeValues: { ':type': 'debtor-preferences', ':at': at, ':how': how },
          }),
        );
        return true;
      } catch (error) {
        if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
        return false;
      }
    },
  };
}
