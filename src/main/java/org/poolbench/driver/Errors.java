package org.poolbench.driver;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;

/** Builds the exceptions several stub classes share, so their wording and SQLStates stay consistent. */
final class Errors {

    /** SQLState for an argument outside its allowed range (PostgreSQL's invalid_parameter_value). */
    static final String INVALID_PARAMETER = "22023";

    private Errors() {
    }

    static SQLFeatureNotSupportedException unsupported(String method) {
        return new SQLFeatureNotSupportedException("the stub driver does not support " + method
                + ": it simulates connections, statements and a one-row result set, nothing more", "0A000");
    }

    static SQLException invalidArgument(String what, Object value, String accepted) {
        return new SQLException("invalid " + what + " " + value + ": expected " + accepted, INVALID_PARAMETER);
    }

    static SQLException notWrapperFor(Object self, Class<?> iface) {
        return new SQLException(self.getClass().getSimpleName() + " does not implement "
                + (iface == null ? "null" : iface.getName()) + "; check isWrapperFor before unwrap");
    }
}
