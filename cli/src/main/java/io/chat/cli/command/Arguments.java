package io.chat.cli.command;

import java.util.ArrayList;
import java.util.List;

/**
 * The words after a command, split on whitespace, remembering where each starts so that a
 * trailing text (a message, a description) is taken verbatim from the line.
 */
final class Arguments {

  private final String line;
  private final List<Integer> starts = new ArrayList<>();
  private final List<String> words = new ArrayList<>();

  Arguments(String line, int from) {
    this.line = line;
    int i = from;
    while (i < line.length()) {
      while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < line.length() && !Character.isWhitespace(line.charAt(i))) {
        i++;
      }
      if (i > start) {
        starts.add(start);
        words.add(line.substring(start, i));
      }
    }
  }

  int count() {
    return words.size();
  }

  String word(int index) {
    return words.get(index);
  }

  /** The line from the index-th word to its end, trailing whitespace removed. */
  String restFrom(int index) {
    return line.substring(starts.get(index)).stripTrailing();
  }

  /** {@code #12} is the id 12; any other word is a name. */
  static Object idOrName(String word) {
    if (word.length() > 1 && word.length() <= 10 && word.charAt(0) == '#'
        && word.chars().skip(1).allMatch(c -> c >= '0' && c <= '9')) {
      long id = Long.parseLong(word.substring(1));
      if (id <= Integer.MAX_VALUE) {
        return (int) id;
      }
    }
    return word;
  }
}
