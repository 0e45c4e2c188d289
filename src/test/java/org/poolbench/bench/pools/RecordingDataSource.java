package org.poolbench.bench.pools;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.poolbench.driver.StubDriver;
import org.poolbench.driver.StubServer;

/**
 * A connection source for a pool under test that hands out stub connections behind a recording
 * {@link java.lang.reflect.Proxy}, so a test can see every JDBC call the pool makes on a physical connection and on
 * the statements created from it.
 *
 * <p>Only calls made by the thread that called {@link #startRecording()}, between that call and
 * {@link #stopRecording()}, are kept. The pools' own threads (HikariCP's connection adder and housekeeper, c3p0's
 * helper threads, our cleaner) also call the physical connections, when they open, test or close them in the
 * background; those calls are not part of a borrow or a return, and recording them would make the result depend on
 * scheduling.
 *
 * <p>A call is recorded as it would read in code: {@code setAutoCommit(true)}, {@code isValid(5)},
 * {@code Statement.execute(SELECT 1)}. An {@link Executor} argument is written {@code executor}, since which one a
 * pool passes is its own affair. Methods of {@link Object} ({@code hashCode}, {@code equals}, {@code toString}),
 * which pools call when they put a connection in a map, are not JDBC calls and are not recorded.
 */
final class RecordingDataSource implements DataSource {

    private final String url;
    private final StubServer server;
    /** The thread whose calls are being recorded, or null between recordings. */
    private volatile Thread recordingThread;
    /** Appended to only by {@link #recordingThread}, and read by it in {@link #stopRecording()}. */
    private final List<String> calls = new ArrayList<>();

    /** @param serverName a stub server name no other test uses */
    RecordingDataSource(String serverName) {
        this.url = "jdbc:stub:" + serverName;
        this.server = StubDriver.server(serverName);
    }

    /** The stub server behind the connections, for its counters. */
    StubServer server() {
        return server;
    }

    /** Starts recording the calls the current thread makes on any connection or statement from this source. */
    void startRecording() {
        calls.clear();
        recordingThread = Thread.currentThread();
    }

    /** Stops recording and returns the calls made since {@link #startRecording()}, in order. */
    List<String> stopRecording() {
        if (recordingThread != Thread.currentThread()) {
            throw new IllegalStateException("stopRecording() must be called by the thread that started it");
        }
        recordingThread = null;
        return List.copyOf(calls);
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection physical = StubDriver.instance().connect(url, new Properties());
        return recording(Connection.class, physical, "");
    }

    /** Wraps {@code target} so that calls on it are recorded, each name prefixed by {@code prefix}. */
    private <T> T recording(Class<T> type, T target, String prefix) {
        InvocationHandler handler = (proxy, method, args) -> invoke(target, prefix, method, args);
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    private Object invoke(Object target, String prefix, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() != Object.class && recordingThread == Thread.currentThread()) {
            calls.add(prefix + method.getName() + "(" + render(args) + ")");
        }
        Object result;
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        // Statements are followed too, so a validation query or a reset sent as SQL shows up with its text.
        if (result instanceof Statement statement && method.getReturnType().isInterface()
                && Statement.class.isAssignableFrom(method.getReturnType())) {
            @SuppressWarnings("unchecked")
            Class<Statement> type = (Class<Statement>) method.getReturnType();
            return recording(type, statement, "Statement.");
        }
        return result;
    }

    private static String render(Object[] args) {
        if (args == null) {
            return "";
        }
        return Stream.of(args)
                .map(a -> a instanceof Executor ? "executor" : String.valueOf(a))
                .collect(Collectors.joining(", "));
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the recording source takes no credentials");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // Pools call this; there is nothing to log.
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // The stub connects without a network; nothing to time out.
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging parent logger");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper for " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }

    @Override
    public String toString() {
        return "RecordingDataSource[" + server.name() + "]";
    }
}
