package nightshift.cli;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The names nearest a mistyped one, as {@code git} offers them: those within a small edit distance (a letter
 * added, dropped, changed, or two swapped), the nearest first. A word near none of them gets no suggestion rather
 * than a far-fetched one.
 */
final class Suggestions {
    private Suggestions() {
    }

    /** The candidates nearest {@code word}, all at the smallest distance found, or none when every one is far. */
    static List<String> nearest(String word, Collection<String> candidates) {
        int allowed = Math.max(1, Math.min(2, word.length() / 3));
        int best = Integer.MAX_VALUE;
        for (String c : candidates) {
            best = Math.min(best, distance(word, c));
        }
        int found = best;
        if (found > allowed) {
            return List.of();
        }
        return candidates.stream().filter(c -> distance(word, c) == found).sorted().collect(Collectors.toList());
    }

    /** " (did you mean 'x'?)", or "" when nothing is near. */
    static String didYouMean(String word, Collection<String> candidates, String prefix) {
        List<String> near = nearest(word, candidates);
        if (near.isEmpty()) {
            return "";
        }
        return "; did you mean " + near.stream().map(n -> "'" + prefix + n + "'").collect(Collectors.joining(" or ")) + "?";
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
