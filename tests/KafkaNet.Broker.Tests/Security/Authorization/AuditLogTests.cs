using KafkaNet.Broker.Security.Audit;
using KafkaNet.Broker.Security.Authorization;
using KafkaNet.Broker.Tests.Groups;
using KafkaNet.Broker.Tests.Network;
using Microsoft.Extensions.Logging;

namespace KafkaNet.Broker.Tests.Security.Authorization;

public sealed class AuditLogTests
{
    [Fact]
    public void LimiterAllowsItsRateEachSecondAndCountsTheRest()
    {
        var clock = new ManualClock();
        var limiter = new AuditRateLimiter(linesPerSecond: 3, clock);

        var firstSecond = Enumerable.Range(0, 10).Select(_ => limiter.TryAcquire(out long _)).ToList();
        clock.Advance(TimeSpan.FromSeconds(1));
        bool next = limiter.TryAcquire(out long suppressed);

        Assert.Equal([true, true, true, false, false, false, false, false, false, false], firstSecond);
        Assert.True(next);
        Assert.Equal(7, suppressed);
        Assert.Equal(0, limiter.TakeSuppressed());
    }

    [Fact]
    public void AFloodOfDenialsBecomesItsRateAndOneSummaryLine()
    {
        var clock = new ManualClock();
        using var provider = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(provider));
        var audit = new AuditLog(factory, linesPerSecond: 2, clock);

        for (int i = 0; i < 1000; i++)
        {
            audit.Denied("User:mallory", "10.0.0.9", AclOperation.Write, AclResourceType.Topic, "payments", "Produce");
        }
        clock.Advance(TimeSpan.FromSeconds(1));
        audit.Denied("User:mallory", "10.0.0.9", AclOperation.Read, AclResourceType.Group, "billing", "JoinGroup");
        audit.AuthenticationFailed(null, "10.0.0.9", "PLAIN", "Authentication failed: Invalid username or password");

        Assert.Equal(
        [
            "Authorization denied: principal=User:mallory host=10.0.0.9 operation=WRITE resource=TOPIC:payments api=Produce",
            "Authorization denied: principal=User:mallory host=10.0.0.9 operation=WRITE resource=TOPIC:payments api=Produce",
            "Audit: suppressed 998 more authorization denials (over the rate limit)",
            "Authorization denied: principal=User:mallory host=10.0.0.9 operation=READ resource=GROUP:billing api=JoinGroup",
            "Authentication failed: principal=unknown host=10.0.0.9 mechanism=PLAIN reason=Authentication failed: Invalid username or password",
        ], provider.Messages);
    }
}
