package io.snn4j.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code snn} command: {@code demo}, {@code run}, {@code train}, {@code bench} and {@code plot}. User errors (a
 * missing file, a bad option, a wrong shape) print one line and exit with status 2, with the stack trace
 * only under {@code --verbose}; an interrupted run exits with 130.
 */
@Command(name = "snn", mixinStandardHelpOptions = true, version = Main.VERSION,
        description = "Spiking neural networks on the JVM (Norse's models, SIMD kernels).")
public final class Main implements Callable<Integer> {
    /** What {@code -V} prints, for {@code snn} and every subcommand. */
    static final String VERSION = "snn4j 0.1.0";
    /** Exit status of a usage or input error. */
    public static final int USAGE = 2;
    /** Exit status after Ctrl-C. */
    public static final int INTERRUPTED = 130;

    @Option(names = "--verbose", description = "Print stack traces and the kernel choice.", scope = CommandLine.ScopeType.INHERIT)
    boolean verbose;

    PrintStream out = System.out;
    PrintStream err = System.err;

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line and returns its exit status (for tests and embedding). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Main main = new Main();
        main.out = out;
        main.err = err;
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
        Logger.getLogger("").setLevel(verbose ? Level.INFO : Level.WARNING);
        for (var h : Logger.getLogger("").getHandlers()) {
            h.setLevel(verbose ? Level.INFO : Level.WARNING);
        }
        CommandLine cl = new CommandLine(main);
        addSubcommands(cl, args);
        setVersion(cl);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setParameterExceptionHandler((ex, a) -> {
            String name = commandName(ex.getCommandLine());
            err.println("snn: " + ex.getMessage() + " (see snn " + (name.isEmpty() ? "" : name + " ") + "--help)");
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            Throwable cause = ex instanceof UncheckedIOException u ? u.getCause() : ex;
            boolean user = cause instanceof IOException || cause instanceof IllegalArgumentException;
            err.println("snn " + commandName(cmd) + ": " + message(cause));
            if (verbose) {
                cause.printStackTrace(err);
            } else if (!user) {
                err.println("(an internal error; run with --verbose for the stack trace)");
            }
            return user ? USAGE : 1;
        });
        try {
            return cl.execute(args);
        } catch (OutOfMemoryError e) { // not foreseen by the estimates: still one line, never a stack trace
            String command = args.length > 0 && cl.getSubcommands().containsKey(args[0]) ? " " + args[0] : "";
            err.println("snn" + command + ": " + Memory.outOfMemory(e));
            if (verbose) {
                e.printStackTrace(err);
            }
            return USAGE;
        }
    }

    /** The subcommands, by name, in the order {@code snn --help} lists them. */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = new LinkedHashMap<>();

    static {
        SUBCOMMANDS.put("demo", DemoCommand::new);
        SUBCOMMANDS.put("run", RunCommand::new);
        SUBCOMMANDS.put("train", TrainCommand::new);
        SUBCOMMANDS.put("bench", BenchCommand::new);
        SUBCOMMANDS.put("plot", PlotCommand::new);
        SUBCOMMANDS.put("help", CommandLine.HelpCommand::new);
    }

    /**
     * Registers the subcommands: only the one named first on the command line when there is one (picocli
     * builds each registered command's model by reflection, about a tenth of a second for all of them at
     * JVM start, which a short {@code snn demo} would otherwise pay), else all of them, for help and for
     * the error about an unknown command.
     */
    private static void addSubcommands(CommandLine cl, String[] args) {
        String first = null;
        for (String a : args) {
            if (!a.equals("--verbose")) {
                first = a;
                break;
            }
        }
        if (first != null && !first.equals("help") && SUBCOMMANDS.containsKey(first)) {
            cl.addSubcommand(first, SUBCOMMANDS.get(first).get());
            return;
        }
        SUBCOMMANDS.forEach((name, make) -> cl.addSubcommand(name, make.get()));
    }

    /** Gives every subcommand the version, so that {@code snn demo -V} prints it too (it printed nothing). */
    private static void setVersion(CommandLine cl) {
        cl.getCommandSpec().version(VERSION);
        for (CommandLine sub : cl.getSubcommands().values()) {
            setVersion(sub);
        }
    }

    /** The command's name after {@code snn}, e.g. {@code run} or {@code train digits} ("" for snn itself). */
    private static String commandName(CommandLine cl) {
        String q = cl.getCommandSpec().qualifiedName(" ");
        return q.equals("snn") ? "" : q.startsWith("snn ") ? q.substring(4) : q;
    }

    static String message(Throwable t) {
        if (t instanceof java.nio.file.NoSuchFileException n) {
            return n.getFile() + ": no such file";
        }
        if (t instanceof java.nio.file.AccessDeniedException a) {
            return a.getFile() + ": permission denied";
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }

    @Override
    public Integer call() {
        err.println("snn: missing command (demo, run, train, bench, plot); try snn --help");
        return USAGE;
    }
}
