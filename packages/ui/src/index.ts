export { Alert, type AlertProps, type Tone } from './alert';
export { Badge, type BadgeProps } from './badge';
export { Button, buttonClassName, type ButtonProps, type ButtonVariant } from './button';
export { Checkbox, type CheckboxProps } from './checkbox';
export { CheckboxGroup, type CheckboxGroupProps, type CheckboxOption } from './checkbox-group';
export { cx } from './class-names';
export { CopyButton, type CopyButtonProps } from './copy-button';
export { copyText } from './copy-text';
export { Disclosure, type DisclosureProps } from './disclosure';
export { EmptyState, type EmptyStateProps } from './empty-state';
export { PageHeader, type PageHeaderProps } from './page-header';
export { ProgressBar, type ProgressBarProps } from './progress-bar';
export {
  ProgressSteps,
  type ProgressStep,
  type ProgressStepStatus,
  type ProgressStepsProps,
} from './progress-steps';
export { RadioGroup, type RadioGroupProps, type RadioOption } from './radio-group';
export { Select, type SelectOption, type SelectProps } from './select';
export { SidePanel, type SidePanelProps } from './side-panel';
export { TextArea, type TextAreaProps } from './text-area';
export { TextField, type TextFieldProps } from './text-field';
export { VisuallyHidden } from './visually-hidden';
