/**
 * The exercises at the end of every audience-segmentation module, headless (tests/notebooks/exerciseSupport.ts,
 * describeModuleExercises, says what is checked).
 */
import { describeModuleExercises } from './exerciseSupport.ts';

describeModuleExercises('segments', 'audience segmentation');
