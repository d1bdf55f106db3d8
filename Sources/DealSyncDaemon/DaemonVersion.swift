/// The version `dealsyncd --version`, the control `version` command and `dealsync_build_info` report.
public enum DaemonVersion {
    public static let current = "0.1.0"
}
