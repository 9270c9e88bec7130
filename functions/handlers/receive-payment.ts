// Being written in this session; replaced before the first submission.
export const handler = async (): Promise<void> => {};
