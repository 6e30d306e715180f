/**
 * The sign-in part of a connect input, the same for every kind: the address trimmed, the password as
 * typed, the username only when one is given (the gateway then signs in with the address).
 */
export function signInFields(
  values: { email: string; password: string; username: string },
  checkId?: string,
) {
  const username = values.username.trim();
  return {
    ...(checkId ? { checkId } : {}),
    email: values.email.trim(),
    password: values.password,
    ...(username ? { username } : {}),
  };
}
