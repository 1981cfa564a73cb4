export { createValidator, type ValidationOutcome, type Validator } from './create-validator.js';
export { exceedsBudget, parseRejectionBudget, type RejectionBudget } from './rejection-budget.js';
