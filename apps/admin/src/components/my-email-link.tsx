import { buttonClassName, type ButtonProps } from '@inlet/ui';
import { Link } from '@/components/link';
import { paths } from '@/lib/routes';

/** "Go to My email", looking like a button. */
export function MyEmailLink({ variant, size }: Pick<ButtonProps, 'variant' | 'size'>) {
  return (
    <Link to={paths.myEmail} className={buttonClassName({ variant, size })}>
      Go to My email
    </Link>
  );
}
