using KafkaNet.Broker.Security.Authorization;
using Microsoft.Extensions.Logging;

namespace KafkaNet.Broker.Security.Audit;

/// <summary>
/// The security audit trail, under its own logger category ("KafkaNet.Audit") so operators can route it apart:
/// authorization denials and failed authentications with principal, host, operation and resource. Each kind is
/// rate-limited; lines held back are reported as "suppressed K more" with the next line of the kind. Credentials and
/// tokens are never written: a failed authentication names the mechanism and the mechanism's reason only.
/// </summary>
public sealed partial class AuditLog
{
    public const string Category = "KafkaNet.Audit";

    public const int DefaultLinesPerSecond = 20;

    private readonly ILogger _logger;
    private readonly AuditRateLimiter _denials;
    private readonly AuditRateLimiter _authenticationFailures;

    public AuditLog(ILoggerFactory loggerFactory, int linesPerSecond = DefaultLinesPerSecond, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _logger = loggerFactory.CreateLogger(Category);
        _denials = new AuditRateLimiter(linesPerSecond, time);
        _authenticationFailures = new AuditRateLimiter(linesPerSecond, time);
    }

    public void Denied(string principal, string host, AclOperation operation, AclResourceType resourceType, string resourceName, string api)
    {
        if (!_logger.IsEnabled(LogLevel.Warning) || !_denials.TryAcquire(out long suppressed))
        {
            return;
        }
        ReportSuppressed(suppressed, "authorization denials");
        LogDenied(_logger, principal, host, AclNames.Of(operation), AclNames.Of(resourceType), resourceName, api);
    }

    /// <param name="principal">The principal the client claimed, if the mechanism read one; never a credential.</param>
    public void AuthenticationFailed(string? principal, string host, string mechanism, string? reason)
    {
        if (!_logger.IsEnabled(LogLevel.Warning) || !_authenticationFailures.TryAcquire(out long suppressed))
        {
            return;
        }
        ReportSuppressed(suppressed, "authentication failures");
        LogAuthenticationFailed(_logger, principal ?? "unknown", host, mechanism, reason ?? "");
    }

    private void ReportSuppressed(long suppressed, string kind)
    {
        if (suppressed > 0)
        {
            LogSuppressed(_logger, suppressed, kind);
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Authorization denied: principal={Principal} host={Host} operation={Operation} resource={ResourceType}:{ResourceName} api={Api}")]
    private static partial void LogDenied(ILogger logger, string principal, string host, string operation, string resourceType, string resourceName, string api);

    [LoggerMessage(2, LogLevel.Warning, "Authentication failed: principal={Principal} host={Host} mechanism={Mechanism} reason={Reason}")]
    private static partial void LogAuthenticationFailed(ILogger logger, string principal, string host, string mechanism, string reason);

    [LoggerMessage(3, LogLevel.Warning, "Audit: suppressed {Count} more {Kind} (over the rate limit)")]
    private static partial void LogSuppressed(ILogger logger, long count, string kind);
}
