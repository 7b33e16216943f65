export { parseFdmBills, type FdmBill, type FdmBillKind, type FdmBillsResult } from './fdmBills';
export { parseFdmExemptions, type FdmExemption, type FdmExemptionsResult } from './fdmExemptions';
export { splitFdmBlocks, type FdmBlock, type FdmLine, type FdmProblem } from './fdmBlocks';
