import { TextField, type TextFieldProps } from '@inlet/ui';

/** A search box that filters a list as you type: typed exactly, never autofilled or spell-checked. */
export function SearchField(props: Omit<TextFieldProps, 'type'>) {
  return <TextField type="search" autoComplete="off" spellCheck={false} {...props} />;
}
