/**
 * The exercises at the end of every email + social module, headless (tests/notebooks/exerciseSupport.ts,
 * describeModuleExercises, says what is checked).
 */
import { describeModuleExercises } from './exerciseSupport.ts';

describeModuleExercises('email-social', 'email + social');
