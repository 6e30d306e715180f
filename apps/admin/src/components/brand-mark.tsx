/** Inlet's mark: an envelope on a rounded square (the same drawing as the favicon). Decorative. */
export function BrandMark() {
  return (
    <svg className="brand__mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" fill="#2557c8" />
      <path
        d="M8 11l8 6 8-6M8 11v10h16V11"
        stroke="#fff"
        strokeWidth="2.2"
        fill="none"
        strokeLinejoin="round"
      />
    </svg>
  );
}
