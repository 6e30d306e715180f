export interface TableHeadProps {
  columns: readonly string[];
  /** A last column without a visible heading (row buttons), named for screen readers only. */
  hiddenLast?: string;
}

/** A data table's column headings. */
export function TableHead({ columns, hiddenLast }: TableHeadProps) {
  return (
    <thead>
      <tr>
        {columns.map((column) => (
          <th key={column} scope="col">
            {column}
          </th>
        ))}
        {hiddenLast && (
          <th scope="col">
            <span className="ui-visually-hidden">{hiddenLast}</span>
          </th>
        )}
      </tr>
    </thead>
  );
}
