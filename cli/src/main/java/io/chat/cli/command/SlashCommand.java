package io.chat.cli.command;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The commands of the interactive client and of {@code chat-cli exec}: one per protocol op,
 * plus local ones. Users and groups are named by name, or by id as {@code #12}.
 */
public enum SlashCommand {
  REGISTER("register", "<name> [password]", "create an account (asks for the password if not given)", Arg.NONE),
  LOGIN("login", "<name> [password]", "log in (asks for the password if not given)", Arg.NONE),
  LOGOUT("logout", "", "log out, keeping the connection", Arg.NONE),
  FRIENDS("friends", "", "list your friends and who is online", Arg.NONE),
  ADD("add", "<user>", "become friends with a user", Arg.USER),
  REMOVE("remove", "<user>", "stop being friends", Arg.USER),
  MSG("msg", "<user> <text>", "send a message; plain lines then go to that user", Arg.USER),
  GROUPS("groups", "", "list your groups", Arg.NONE),
  CREATE("create", "<group> [description]", "create a group", Arg.NONE),
  JOIN("join", "<group>", "join a group", Arg.GROUP),
  LEAVE("leave", "<group>", "leave a group", Arg.GROUP),
  DELETE("delete", "<group>", "delete a group you created", Arg.GROUP),
  MEMBERS("members", "<group>", "list a group's members", Arg.GROUP),
  G("g", "<group> <text>", "send to a group; plain lines then go to that group", Arg.GROUP),
  HISTORY("history", "<user> [count]", "show the latest messages with a user (20, or count up to 200)", Arg.USER),
  GHISTORY("ghistory", "<group> [count]", "show the latest messages of a group (20, or count up to 200)",
      Arg.GROUP),
  CONVERSATIONS("conversations", "", "list your conversations, the most recent first, with what is unread",
      Arg.NONE),
  PING("ping", "", "check the server answers", Arg.NONE),
  OPS("ops", "", "ask the server which operations it knows", Arg.NONE),
  RAW("raw", "<json>", "send one request written as JSON, e.g. /raw {\"op\":\"ping\"}", Arg.NONE),
  HELP("help", "[command]", "show this help, or one command's", Arg.COMMAND),
  QUIT("quit", "", "leave (also Ctrl-D)", Arg.NONE);

  private static final int DEFAULT_HISTORY = 20;

  /** What the first argument names, for completion. */
  public enum Arg { NONE, USER, GROUP, COMMAND }

  private final String word;
  private final String usage;
  private final String summary;
  private final Arg arg;

  SlashCommand(String word, String usage, String summary, Arg arg) {
    this.word = word;
    this.usage = usage;
    this.summary = summary;
    this.arg = arg;
  }

  /** The command as typed, with its slash: {@code /msg}. */
  public String typed() {
    return "/" + word;
  }

  public String usage() {
    return usage.isEmpty() ? typed() : typed() + " " + usage;
  }

  public String summary() {
    return summary;
  }

  public Arg arg() {
    return arg;
  }

  /** The command for a word (with or without the slash, any case). */
  public static Optional<SlashCommand> of(String word) {
    String bare = (word.startsWith("/") ? word.substring(1) : word).toLowerCase(Locale.ROOT);
    if (bare.equals("exit")) {
      return Optional.of(QUIT);
    }
    return Arrays.stream(values()).filter(command -> command.word.equals(bare)).findFirst();
  }

  public static List<String> typedWords() {
    return Arrays.stream(values()).map(SlashCommand::typed).toList();
  }

  Command parse(Arguments args) {
    return switch (this) {
      case REGISTER, LOGIN -> credentials(args);
      case LOGOUT -> simple(args, "logout");
      case FRIENDS -> simple(args, "friends");
      case ADD -> user(args, "friend_add");
      case REMOVE -> user(args, "friend_remove");
      case MSG -> message(args, false);
      case GROUPS -> simple(args, "groups");
      case CREATE -> create(args);
      case JOIN -> group(args, "group_join");
      case LEAVE -> group(args, "group_leave");
      case DELETE -> group(args, "group_delete");
      case MEMBERS -> group(args, "group_members");
      case G -> message(args, true);
      case HISTORY -> history(args, "with");
      case GHISTORY -> history(args, "group");
      case CONVERSATIONS -> simple(args, "conversations");
      case PING -> simple(args, "ping");
      case OPS -> simple(args, "help");
      case RAW -> raw(args);
      case HELP -> args.count() > 1 ? usageError() : new Command.Help(args.count() == 1 ? args.word(0) : null);
      case QUIT -> args.count() == 0 ? new Command.Quit() : usageError();
    };
  }

  private Command usageError() {
    return new Command.Invalid("usage: " + usage());
  }

  private Command simple(Arguments args, String op) {
    return args.count() == 0 ? request(new JsonObject().put("op", op)) : usageError();
  }

  private Command credentials(Arguments args) {
    String op = this == REGISTER ? "register" : "login";
    if (args.count() == 1) {
      return new Command.NeedsPassword(op, args.word(0));
    }
    // A password may contain spaces: it is the rest of the line after the name.
    return args.count() >= 2 ? new Command.NeedsPassword(op, args.word(0)).with(args.restFrom(1)) : usageError();
  }

  private Command user(Arguments args, String op) {
    if (args.count() != 1) {
      return usageError();
    }
    Object user = Arguments.idOrName(args.word(0));
    return request(new JsonObject().put("op", op).put(user instanceof Integer ? "id" : "name", user));
  }

  private Command group(Arguments args, String op) {
    return args.count() == 1
        ? request(new JsonObject().put("op", op).put("group", Arguments.idOrName(args.word(0))))
        : usageError();
  }

  private Command create(Arguments args) {
    if (args.count() == 0) {
      return usageError();
    }
    JsonObject body = new JsonObject().put("op", "group_create").put("name", args.word(0));
    if (args.count() > 1) {
      body.put("desc", args.restFrom(1));
    }
    return request(body);
  }

  private Command message(Arguments args, boolean toGroup) {
    if (args.count() < 2) {
      return usageError();
    }
    Conversation conversation = new Conversation(toGroup, Arguments.idOrName(args.word(0)));
    return new Command.Request(conversation.message(args.restFrom(1)), conversation);
  }

  private Command history(Arguments args, String field) {
    if (args.count() < 1 || args.count() > 2) {
      return usageError();
    }
    JsonObject body = new JsonObject().put("op", "history").put(field, Arguments.idOrName(args.word(0)))
        .put("limit", DEFAULT_HISTORY);
    if (args.count() == 2) {
      try {
        body.put("limit", Integer.parseInt(args.word(1)));
      } catch (NumberFormatException notACount) {
        return usageError();
      }
    }
    return request(body);
  }

  private Command raw(Arguments args) {
    if (args.count() == 0) {
      return usageError();
    }
    try {
      return request(new JsonObject(args.restFrom(0)));
    } catch (RuntimeException notAnObject) {
      return new Command.Invalid("/raw takes one JSON object, e.g. /raw {\"op\":\"ping\"}");
    }
  }

  private static Command request(JsonObject body) {
    return new Command.Request(body, null);
  }
}
