export * from './billToPrint';
export * from './luhn';
export * from './writeBillFile';
