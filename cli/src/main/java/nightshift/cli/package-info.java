/**
 * The {@code nightshift} command: {@link nightshift.cli.Nightshift} and its subcommands. Its public contract is the
 * command line itself (commands, options, exit codes in {@link nightshift.cli.ExitCode}), documented in the README.
 */
package nightshift.cli;
