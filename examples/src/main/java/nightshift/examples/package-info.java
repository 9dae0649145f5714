/** Examples written only against nightshift's public API; each is run end to end by the test suite. */
package nightshift.examples;
