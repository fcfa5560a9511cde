/**
 * The exercises at the end of every enterprise social operations module, headless (tests/notebooks/exerciseSupport.ts,
 * describeModuleExercises, says what is checked).
 */
import { describeModuleExercises } from './exerciseSupport.ts';

describeModuleExercises('ops', 'enterprise social operations');
