/**
 * The exercises at the end of every recommendations-analysis module, headless (tests/notebooks/exerciseSupport.ts,
 * describeModuleExercises, says what is checked).
 */
import { describeModuleExercises } from './exerciseSupport.ts';

describeModuleExercises('recs', 'recommendations analysis');
