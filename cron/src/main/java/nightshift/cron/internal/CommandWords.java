package nightshift.cron.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an entry into words as a shell would (quotes, backslashes, and a {@code #} that starts a word begins a
 * comment to the end of the line), refusing what only a shell could do.
 */
public final class CommandWords {
    private CommandWords() {
    }

    public static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < text.length()) {
                    word.append(text.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else if (c == '#' && word == null) {
                // as in the shell: a comment starts with a word, so '#' inside a word, quoted or escaped is kept
                break;
            } else {
                if (word == null) {
                    word = new StringBuilder();
                }
                if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '\\' && i + 1 < text.length()) {
                    word.append(text.charAt(++i));
                } else if ("|;&<>`$%".indexOf(c) >= 0) {
                    throw new IllegalArgumentException("'" + c + "' is shell syntax, which a schedule entry does not"
                            + " have: the command is the arguments of nightshift only (the scheduler logs its output)");
                } else {
                    word.append(c);
                }
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unclosed " + quote + " quote");
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    /**
     * The nightshift arguments of an entry's command: {@code run JOB ...} or {@code script FILE ...}, optionally
     * preceded by the word {@code nightshift} (or a path to it, as in a crontab line).
     */
    public static List<String> command(List<String> words) {
        List<String> args = words;
        if (!args.isEmpty() && (args.get(0).equals("nightshift") || args.get(0).endsWith("/nightshift"))) {
            args = args.subList(1, args.size());
        }
        if (args.isEmpty()) {
            throw new IllegalArgumentException("the entry has no command: write `run JOB --as USER ...` or `script FILE --as USER ...`");
        }
        if (!args.get(0).equals("run") && !args.get(0).equals("script")) {
            throw new IllegalArgumentException("the command must be `run` or `script` (the arguments that follow"
                    + " `nightshift`), not '" + args.get(0) + "'; global options are the scheduler's own");
        }
        if (args.size() < 2 || args.get(1).startsWith("-")) {
            throw new IllegalArgumentException("`" + args.get(0) + "` needs a " + (args.get(0).equals("run") ? "job name" : "script file"));
        }
        if (!args.contains("--as") && args.stream().noneMatch(a -> a.startsWith("--as="))) {
            throw new IllegalArgumentException("the command needs `--as USER`: the store user the job acts as");
        }
        return List.copyOf(args);
    }
}
