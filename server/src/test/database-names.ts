// Where the test PostgreSQL server is. The machine's server trusts local connections.
export const adminUrl = (database = 'postgres') => `postgres://postgres@127.0.0.1:5432/${database}`;

export const templateName = (hash: string) => `loket_tpl_${hash}`;
