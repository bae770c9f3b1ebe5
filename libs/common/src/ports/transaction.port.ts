declare const TRANSACTION: unique symbol;

/**
 * A unit of work under way, opaque to plugins: a port given one does its writes in it,
 * so they commit or roll back with the caller's. Only the host's persistence makes and
 * reads it (with TypeORM: `transactionOf` and `entityManagerOf` of TransactionRunner), so
 * a host with another persistence can implement the ports with its own.
 */
export interface Transaction {
  readonly [TRANSACTION]: 'Transaction';
}
