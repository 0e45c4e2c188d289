package org.poolbench.build;

import com.sun.source.tree.AnnotatedTypeTree;
import com.sun.source.tree.ArrayTypeTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ParameterizedTypeTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import java.io.IOException;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Writes the plain delegation of the pool's JDBC wrappers, so that no one keeps thousands of lines of
 * {@code try { return delegate.x(a); } catch (SQLException e) { throw fail(e); }} by hand.
 *
 * <p>Run by the build in {@code generate-sources} with the JDK's source launcher
 * ({@code java src/build/java/org/poolbench/build/DelegationGenerator.java <output dir>}); it needs nothing beyond the
 * JDK. For each {@code java.sql} interface the pool wraps it writes one abstract class, {@code <Interface>Delegation},
 * that holds the physical object and implements every method by calling it through the hooks its hand-written
 * subclass supplies (the {@code Proxy*} classes in {@code org.poolbench.pool}):
 * <ul>
 *   <li>{@code checkLease()} before a call that only reads what the borrower already holds;</li>
 *   <li>{@code enter()} / {@code exit()} around a call that reaches the physical connection, so that the lease cannot
 *       end (and the connection go to the next borrower) while the call runs;</li>
 *   <li>{@code enterExecution()} instead of {@code enter()} for a statement execution, which also records the work;</li>
 *   <li>{@code fail(SQLException)} on every failure, so that a connection-class error marks the connection broken;
 *       {@code failExecution(SQLException)} instead for a failed statement execution, which a transaction must
 *       remember;</li>
 *   <li>{@code wrap(ResultSet)} on every result set handed out, so that it cannot lead back to the physical objects.</li>
 * </ul>
 * {@code unwrap} and {@code isWrapperFor} check the lease like every other method. Which hook a method gets is decided
 * here, in {@link #specs()}, by rule, never per method by hand; what is special stays in the hand-written subclass,
 * which overrides the generated method or, for the methods listed as hand-written here, must implement it.
 *
 * <p>Parameter names come from the JDK's own sources ({@code lib/src.zip}, parsed with the compiler's tree API); a JDK
 * without them gets {@code arg1, arg2, ...}, and the build works the same. The output is deterministic (methods sorted
 * by name and parameter types), and a file is rewritten only when its content changes, so an unchanged build does not
 * recompile the pool.
 */
public final class DelegationGenerator {
    /** The package the wrappers live in; the generated classes are package-private there. */
    private static final String PACKAGE = "org.poolbench.pool";

    /** How a generated method reaches its delegate. */
    enum Kind {
        /** Declares no checked exception, so it has no hook that could throw: a bare call. */
        PLAIN,
        /** Not lease-checked (it must work on a handle whose lease ended), failures still reported. */
        UNCHECKED,
        /** Lease check first: the call works on what the borrower already holds. */
        CHECKED,
        /** Counted as in flight for its whole duration: the call reaches the physical connection. */
        GUARDED,
        /** As GUARDED, and records that work was done (an unfinished transaction is rolled back on return). */
        EXECUTION,
        /** Not generated: the hand-written subclass must implement it. */
        HAND_WRITTEN
    }

    /**
     * One generated class.
     *
     * @param iface the interface delegated
     * @param superClass the class extended, or null for a root class that also declares the hooks
     * @param field the name of the field holding the physical object
     * @param superParameters parameters the constructor passes on to {@code superClass}'s, before the delegate
     * @param wrapped the JDBC types that, returned, go through a {@code wrap} hook (declared by a root class)
     * @param kind the rule choosing each method's {@link Kind}
     * @param role what the hand-written subclass adds, for the class javadoc
     */
    record Spec(Class<?> iface, String superClass, String field, String superParameters, List<Class<?>> wrapped,
            Function<Method, Kind> kind, String role) {
        String className() {
            return iface.getSimpleName() + "Delegation";
        }
    }

    private DelegationGenerator() {
    }

    /** The generated classes and the rule for each one's methods. */
    static List<Spec> specs() {
        return List.of(
                new Spec(Connection.class, null, "delegate", "",
                        List.of(Statement.class, PreparedStatement.class, CallableStatement.class, DatabaseMetaData.class),
                        m -> switch (m.getName()) {
                            // The lease's life and the settings the pool puts back are the hand-written part.
                            case "close", "abort", "isClosed", "isValid", "setAutoCommit", "commit", "setReadOnly",
                                    "setTransactionIsolation", "setCatalog", "setSchema", "setNetworkTimeout",
                                    "setHoldability", "setTypeMap", "setClientInfo" -> Kind.HAND_WRITTEN;
                            // Both rollbacks end what a failed statement left (see ProxyConnection#failExecution).
                            case "rollback" -> Kind.HAND_WRITTEN;
                            // A savepoint starts work, and metadata queries run inside the current transaction in
                            // some drivers: outside auto-commit both count as work to roll back on return.
                            case "setSavepoint", "getMetaData" -> Kind.EXECUTION;
                            default -> Kind.GUARDED;
                        }, "the lease (close, abort, the in-flight count), the settings the pool puts back, and the"
                                + " wrapping and tracking of statements"),
                new Spec(Statement.class, null, "delegate", "",
                        List.of(ResultSet.class, ResultSetMetaData.class, ParameterMetaData.class), m -> switch (m.getName()) {
                    // cancel() is meant for another thread while a statement runs: a shared call, hand-written.
                    case "close", "getConnection", "cancel" -> Kind.HAND_WRITTEN;
                    default -> statementKind(m);
                }, "the way back to the borrower's connection, and closing and untracking"),
                new Spec(PreparedStatement.class, "ProxyStatement", "prepared", "ProxyConnection conn", List.of(),
                        DelegationGenerator::statementKind, "nothing but a name"),
                new Spec(CallableStatement.class, "ProxyPreparedStatement", "callable", "ProxyConnection conn", List.of(),
                        DelegationGenerator::statementKind, "nothing but a name"),
                new Spec(ResultSet.class, null, "delegate", "", List.of(ResultSetMetaData.class), m -> switch (m.getName()) {
                    case "getStatement" -> Kind.HAND_WRITTEN;
                    // A result set is closed with its connection; closing or asking must work on a kept one.
                    case "close", "isClosed" -> Kind.UNCHECKED;
                    // These write to or read from the database row by row, not from the fetched result.
                    case "insertRow", "updateRow", "deleteRow", "refreshRow" -> Kind.GUARDED;
                    default -> Kind.CHECKED;
                }, "the way back to the borrower's statement"),
                new Spec(DatabaseMetaData.class, null, "delegate", "", List.of(ResultSet.class), m -> switch (m.getName()) {
                    case "getConnection" -> Kind.HAND_WRITTEN;
                    // Metadata calls may query the database; they are off the hot path, so all are guarded.
                    default -> Kind.GUARDED;
                }, "the way back to the borrower's connection"),
                // Result-set and parameter metadata may query the catalog (pgjdbc does, for nullability and base
                // columns) on the physical connection: kept past the lease they must not reach the next borrower.
                new Spec(ResultSetMetaData.class, null, "delegate", "", List.of(), m -> Kind.GUARDED, "nothing but a name"),
                new Spec(ParameterMetaData.class, null, "delegate", "", List.of(), m -> Kind.GUARDED, "nothing but a name"));
    }

    /**
     * A statement method: an execution records work; a call that may go back to the database for more (further
     * results, generated keys, a description of the statement) runs as a call in flight; the rest read what the
     * statement holds, behind the lease check.
     */
    private static Kind statementKind(Method m) {
        String name = m.getName();
        if (name.startsWith("execute")) {
            return Kind.EXECUTION;
        }
        return switch (name) {
            case "getMoreResults", "getResultSet", "getGeneratedKeys", "getMetaData", "getParameterMetaData" -> Kind.GUARDED;
            default -> Kind.CHECKED;
        };
    }

    /**
     * Writes every generated class below {@code args[0]} (the package folders are created).
     *
     * @param args the output source root
     * @throws IOException if a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java DelegationGenerator.java <output source root>");
            System.exit(2);
        }
        Path dir = Path.of(args[0]).resolve(PACKAGE.replace('.', '/'));
        Files.createDirectories(dir);
        ParameterNames names = ParameterNames.fromJdkSources();
        int written = 0;
        for (Spec spec : specs()) {
            String source = generate(spec, names);
            Path file = dir.resolve(spec.className() + ".java");
            if (!Files.exists(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(source)) {
                Files.writeString(file, source, StandardCharsets.UTF_8);
                written++;
            }
        }
        System.out.println("[delegation] " + specs().size() + " classes in " + dir + " (" + written + " rewritten"
                + (names.available() ? "" : "; no JDK sources found, parameters named argN") + ")");
    }

    // ---------------------------------------------------------------- one class

    static String generate(Spec spec, ParameterNames names) {
        StringBuilder out = new StringBuilder();
        String iface = spec.iface().getSimpleName();
        out.append("// Generated by src/build/java/org/poolbench/build/DelegationGenerator.java from java.sql.")
                .append(iface).append(". Do not edit: change the generator.\n");
        out.append("package ").append(PACKAGE).append(";\n\n");
        out.append("import java.sql.*;\n\n");
        out.append("/**\n * The plain delegation of {@link ").append(iface).append("} to the physical object, each method through")
                .append(" the hooks\n * described in the generator. The hand-written subclass adds ").append(spec.role())
                .append(".\n */\n");
        out.append("abstract class ").append(spec.className())
                .append(spec.superClass() == null ? "" : " extends " + spec.superClass())
                .append(" implements ").append(iface).append(" {\n");
        out.append("    /** The driver's object this one stands for. */\n");
        out.append("    final ").append(iface).append(' ').append(spec.field()).append(";\n");
        boolean forwards = forwardsToConnection(spec);
        if (forwards) {
            out.append("    /** The borrower's connection handle, whose lease every hook checks. */\n");
            out.append("    final ProxyConnection conn;\n");
        }
        out.append('\n');
        String superParams = forwards ? "ProxyConnection conn" : spec.superParameters();
        out.append("    ").append(spec.className()).append('(')
                .append(superParams.isEmpty() ? "" : superParams + ", ").append(iface).append(" delegate) {\n");
        if (spec.superClass() != null) {
            String passed = Arrays.stream(superParams.split(","))
                    .map(p -> p.trim().substring(p.trim().lastIndexOf(' ') + 1)).collect(Collectors.joining(", "));
            out.append("        super(").append(passed).append(", delegate);\n");
        }
        if (forwards) {
            out.append("        this.conn = conn;\n");
        }
        out.append("        this.").append(spec.field()).append(" = delegate;\n    }\n");
        if (spec.superClass() == null) {
            appendHooks(out, spec);
        }
        for (Method m : methods(spec)) {
            Kind kind = kindOf(spec, m);
            if (kind == Kind.HAND_WRITTEN) {
                continue;
            }
            out.append('\n');
            if (m.getName().equals("unwrap") || m.getName().equals("isWrapperFor")) {
                appendWrapperMethod(out, spec, m);
            } else {
                appendMethod(out, spec, m, kind, names.of(spec.iface(), m));
            }
        }
        out.append("}\n");
        return out.toString();
    }

    /** Whether a method returning {@code type} hands out a wrapper: the class or an ancestor lists it. */
    private static boolean wraps(Spec spec, Class<?> type) {
        for (Spec s = spec; s != null; s = parentOf(s)) {
            if (s.wrapped().contains(type)) {
                return true;
            }
        }
        return false;
    }

    /** The generated class whose hand-written subclass {@code spec} extends, or null for a root. */
    private static Spec parentOf(Spec spec) {
        if (spec.superClass() == null) {
            return null;
        }
        String generated = spec.superClass().replace("Proxy", "") + "Delegation";
        return specs().stream().filter(s -> s.className().equals(generated)).findFirst().orElseThrow();
    }

    /** Methods without a checked exception cannot run a hook that throws: they are always plain. */
    private static Kind kindOf(Spec spec, Method m) {
        Kind kind = spec.kind().apply(m);
        List<Class<?>> thrown = List.of(m.getExceptionTypes());
        if (kind != Kind.HAND_WRITTEN && thrown.isEmpty()) {
            return Kind.PLAIN;
        }
        if (kind != Kind.HAND_WRITTEN && !thrown.equals(List.of(SQLException.class))) {
            // e.g. setClientInfo's SQLClientInfoException: the hooks throw SQLException, which it may not.
            throw new IllegalStateException(spec.iface().getSimpleName() + "." + m.getName()
                    + " throws " + thrown + ": list it as hand-written");
        }
        return kind;
    }

    /**
     * Whether a root class's hooks are the borrower's connection's: every object a connection hands out (statements,
     * result sets, metadata) checks and counts on that connection's lease, so their hooks forward to it and are
     * generated here, once, rather than written by hand in each wrapper.
     */
    private static boolean forwardsToConnection(Spec spec) {
        return spec.superClass() == null && spec.iface() != Connection.class;
    }

    private static void appendHooks(StringBuilder out, Spec spec) {
        boolean forwards = forwardsToConnection(spec);
        Set<Kind> kinds = methods(spec).stream().map(m -> kindOf(spec, m)).collect(Collectors.toSet());
        boolean guarded = kinds.contains(Kind.GUARDED) || kinds.contains(Kind.EXECUTION);
        boolean executes = kinds.contains(Kind.EXECUTION);
        appendHook(out, forwards, "Throws if the borrower's lease has ended: the handle must not touch the connection any more.",
                "void checkLease() throws SQLException", "conn.checkOpen();");
        appendHook(out, forwards, "Notes a failure (a connection-class one marks the connection broken) and returns it to throw.",
                "SQLException fail(SQLException e)", "return conn.fail(e);");
        if (guarded) {
            appendHook(out, forwards, "Checks the lease and enters a call in flight, so that the lease cannot end until {@link #exit()}.",
                    "void enter() throws SQLException", "conn.enter();");
            appendHook(out, forwards, "Ends what {@link #enter()} (or an execution's enter) began.", "void exit()", "conn.exit();");
        }
        if (executes) {
            appendHook(out, forwards, "As {@link #enter()}, and records that work was done on the connection.",
                    "void enterExecution() throws SQLException", "conn.enterExecution();");
            appendHook(out, forwards, "As {@link #fail}, for a failed execution, which the transaction it ran in remembers.",
                    "SQLException failExecution(SQLException e)", "return conn.failExecution(e);");
        }
        for (Class<?> type : spec.wrapped()) {
            out.append("\n    /** The wrapper the borrower gets for the driver's {@code physical} (null stays null). */\n")
                    .append("    abstract ").append(type.getSimpleName()).append(" wrap(").append(type.getSimpleName())
                    .append(" physical);\n");
        }
    }

    /** One hook: abstract for the connection's own wrapper, else a final forward to the borrower's connection. */
    private static void appendHook(StringBuilder out, boolean forwards, String doc, String signature, String body) {
        out.append("\n    /** ").append(doc).append(" */\n");
        if (forwards) {
            out.append("    final ").append(signature).append(" {\n        ").append(body).append("\n    }\n");
        } else {
            out.append("    abstract ").append(signature).append(";\n");
        }
    }

    /** unwrap and isWrapperFor: this object, else the delegate, else whatever the delegate wraps; lease checked. */
    private static void appendWrapperMethod(StringBuilder out, Spec spec, Method m) {
        String f = spec.field();
        out.append("    @Override\n");
        if (m.getName().equals("unwrap")) {
            out.append("    public <T> T unwrap(Class<T> iface) throws SQLException {\n");
            out.append("        checkLease();\n");
            out.append("        if (iface.isInstance(this)) {\n            return iface.cast(this);\n        }\n");
            out.append("        if (iface.isInstance(").append(f).append(")) {\n            return iface.cast(").append(f)
                    .append(");\n        }\n");
            out.append("        try {\n            return ").append(f).append(".unwrap(iface);\n");
        } else {
            out.append("    public boolean isWrapperFor(Class<?> iface) throws SQLException {\n");
            out.append("        checkLease();\n");
            out.append("        if (iface.isInstance(this) || iface.isInstance(").append(f)
                    .append(")) {\n            return true;\n        }\n");
            out.append("        try {\n            return ").append(f).append(".isWrapperFor(iface);\n");
        }
        out.append("        } catch (SQLException e) {\n            throw fail(e);\n        }\n    }\n");
    }

    private static void appendMethod(StringBuilder out, Spec spec, Method m, Kind kind, List<String> parameterNames) {
        List<String> params = new ArrayList<>();
        Type[] types = m.getGenericParameterTypes();
        for (int i = 0; i < types.length; i++) {
            params.add(typeName(types[i]) + " " + parameterNames.get(i));
        }
        String exception = parameterNames.contains("e") ? "failure" : "e";
        String call = spec.field() + "." + m.getName() + "(" + String.join(", ", parameterNames) + ")";
        if (wraps(spec, m.getReturnType())) {
            call = "wrap(" + call + ")";
        }
        String statement = (m.getReturnType() == void.class ? "" : "return ") + call + ";";

        out.append("    @Override\n");
        if (m.isAnnotationPresent(Deprecated.class)) {
            out.append("    @Deprecated\n");
        }
        out.append("    public ").append(typeParameters(m)).append(typeName(m.getGenericReturnType())).append(' ')
                .append(m.getName()).append('(').append(String.join(", ", params)).append(')');
        if (kind == Kind.PLAIN) {
            out.append(" {\n        ").append(statement).append("\n    }\n");
            return;
        }
        out.append(" throws SQLException {\n");
        switch (kind) {
            case CHECKED -> out.append("        checkLease();\n");
            case GUARDED -> out.append("        enter();\n");
            case EXECUTION -> out.append("        enterExecution();\n");
            default -> {
            }
        }
        out.append("        try {\n            ").append(statement).append('\n');
        out.append("        } catch (SQLException ").append(exception).append(") {\n            throw ")
                .append(kind == Kind.EXECUTION ? "failExecution(" : "fail(").append(exception).append(");\n");
        if (kind == Kind.GUARDED || kind == Kind.EXECUTION) {
            out.append("        } finally {\n            exit();\n");
        }
        out.append("        }\n    }\n");
    }

    /**
     * The interface's methods to implement, sorted by name and parameter types: for a root class every abstract or
     * default method, inherited ones included (one per signature, the most specific declaration); for a subclass only
     * those the interface itself declares.
     */
    static List<Method> methods(Spec spec) {
        Method[] candidates = spec.superClass() == null ? spec.iface().getMethods() : spec.iface().getDeclaredMethods();
        Map<String, Method> bySignature = new LinkedHashMap<>();
        for (Method m : candidates) {
            if (Modifier.isStatic(m.getModifiers()) || !Modifier.isPublic(m.getModifiers())) {
                continue;
            }
            String signature = m.getName() + Arrays.toString(m.getParameterTypes());
            Method known = bySignature.get(signature);
            if (known == null || known.getDeclaringClass().isAssignableFrom(m.getDeclaringClass())) {
                bySignature.put(signature, m);
            }
        }
        List<Method> sorted = new ArrayList<>(bySignature.values());
        sorted.sort(Comparator.comparing(Method::getName).thenComparing(m -> Arrays.toString(m.getParameterTypes())));
        return sorted;
    }

    private static String typeParameters(Method m) {
        TypeVariable<Method>[] vars = m.getTypeParameters();
        if (vars.length == 0) {
            return "";
        }
        List<String> rendered = new ArrayList<>();
        for (TypeVariable<Method> v : vars) {
            List<String> bounds = Arrays.stream(v.getBounds()).filter(b -> b != Object.class)
                    .map(DelegationGenerator::typeName).toList();
            rendered.add(v.getName() + (bounds.isEmpty() ? "" : " extends " + String.join(" & ", bounds)));
        }
        return "<" + String.join(", ", rendered) + "> ";
    }

    /** A type as source: java.lang and java.sql types by simple name (the file imports java.sql.*), others in full. */
    static String typeName(Type type) {
        if (type instanceof Class<?> c) {
            if (c.isArray()) {
                return typeName(c.getComponentType()) + "[]";
            }
            if (c.isPrimitive()) {
                return c.getName();
            }
            String pkg = c.getPackageName();
            return pkg.equals("java.lang") || pkg.equals("java.sql") ? c.getSimpleName() : c.getCanonicalName();
        }
        if (type instanceof ParameterizedType p) {
            return typeName(p.getRawType()) + Arrays.stream(p.getActualTypeArguments())
                    .map(DelegationGenerator::typeName).collect(Collectors.joining(", ", "<", ">"));
        }
        if (type instanceof WildcardType w) {
            if (w.getLowerBounds().length > 0) {
                return "? super " + typeName(w.getLowerBounds()[0]);
            }
            Type upper = w.getUpperBounds()[0];
            return upper == Object.class ? "?" : "? extends " + typeName(upper);
        }
        if (type instanceof GenericArrayType g) {
            return typeName(g.getGenericComponentType()) + "[]";
        }
        if (type instanceof TypeVariable<?> v) {
            return v.getName();
        }
        throw new IllegalArgumentException("unexpected type " + type);
    }

    // ---------------------------------------------------------------- parameter names from the JDK's sources

    /** Parameter names of java.sql methods as the JDK's sources spell them, or argN where those are missing. */
    static final class ParameterNames {
        /** "Connection.prepareStatement(String,int)" to its parameter names. */
        private final Map<String, List<String>> names;

        private ParameterNames(Map<String, List<String>> names) {
            this.names = names;
        }

        boolean available() {
            return !names.isEmpty();
        }

        /** The names of {@code m}'s parameters, as declared in {@code m}'s declaring interface, or argN. */
        List<String> of(Class<?> iface, Method m) {
            List<String> found = names.get(key(m.getDeclaringClass().getSimpleName(), m.getName(),
                    Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName).toList()));
            List<String> result = new ArrayList<>();
            for (int i = 0; i < m.getParameterCount(); i++) {
                String name = found != null ? found.get(i) : "arg" + (i + 1);
                // A parameter must not hide the delegate field the body calls through.
                result.add(name.equals("delegate") || name.equals("prepared") || name.equals("callable")
                        ? name + "Value" : name);
            }
            return result;
        }

        static String key(String type, String method, List<String> parameterTypes) {
            return type + "." + method + "(" + String.join(",", parameterTypes) + ")";
        }

        /** Parses java.sql's interfaces from {@code $JAVA_HOME/lib/src.zip}; empty (argN) if that cannot be done. */
        static ParameterNames fromJdkSources() {
            Path zip = Path.of(System.getProperty("java.home"), "lib", "src.zip");
            JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
            if (!Files.isRegularFile(zip) || compiler == null) {
                return new ParameterNames(Map.of());
            }
            Set<String> wanted = Set.of("Wrapper", "AutoCloseable", "Connection", "Statement", "PreparedStatement",
                    "CallableStatement", "ResultSet", "DatabaseMetaData");
            List<JavaFileObject> files = new ArrayList<>();
            try (ZipFile sources = new ZipFile(zip.toFile())) {
                for (String type : wanted) {
                    String module = type.equals("AutoCloseable") ? "java.base/java/lang/" : "java.sql/java/sql/";
                    var entry = sources.getEntry(module + type + ".java");
                    if (entry == null) {
                        return new ParameterNames(Map.of());
                    }
                    String text = new String(sources.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
                    files.add(new SimpleJavaFileObject(URI.create("string:///" + type + ".java"),
                            JavaFileObject.Kind.SOURCE) {
                        @Override
                        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                            return text;
                        }
                    });
                }
                JavacTask task = (JavacTask) compiler.getTask(null, null, null, List.of("-proc:none"), null, files);
                Map<String, List<String>> names = new HashMap<>();
                for (CompilationUnitTree unit : task.parse()) {
                    for (Tree decl : unit.getTypeDecls()) {
                        if (decl instanceof ClassTree type) {
                            for (Tree member : type.getMembers()) {
                                if (member instanceof MethodTree method) {
                                    List<String> paramTypes = new ArrayList<>();
                                    List<String> paramNames = new ArrayList<>();
                                    for (VariableTree p : method.getParameters()) {
                                        paramTypes.add(erasedSimpleName(p.getType()));
                                        paramNames.add(p.getName().toString());
                                    }
                                    names.put(key(type.getSimpleName().toString(), method.getName().toString(),
                                            paramTypes), paramNames);
                                }
                            }
                        }
                    }
                }
                return new ParameterNames(names);
            } catch (IOException | RuntimeException e) {
                System.err.println("[delegation] cannot read parameter names from " + zip + " (" + e
                        + "); using argN");
                return new ParameterNames(Map.of());
            }
        }

        /** The simple name of a parameter's type after erasure, as {@link Class#getSimpleName()} gives it. */
        private static String erasedSimpleName(Tree type) {
            return switch (type) {
                case ArrayTypeTree a -> erasedSimpleName(a.getType()) + "[]";
                case ParameterizedTypeTree p -> erasedSimpleName(p.getType());
                case AnnotatedTypeTree a -> erasedSimpleName(a.getUnderlyingType());
                case MemberSelectTree s -> s.getIdentifier().toString();
                case IdentifierTree i -> i.getName().toString();
                default -> type.toString(); // primitives
            };
        }
    }
}
