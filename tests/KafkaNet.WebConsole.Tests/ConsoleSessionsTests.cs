using KafkaNet.Broker.Security;
using KafkaNet.WebConsole.Auth;

namespace KafkaNet.WebConsole.Tests;

/// <summary>When a console session ends: idle, too old, signed out, or its SASL session over.</summary>
public sealed class ConsoleSessionsTests
{
    private readonly ManualTime _time = new();

    [Fact]
    public void A_session_lives_while_used_and_ends_after_the_idle_timeout()
    {
        var sessions = new ConsoleSessions(_time);
        string token = sessions.Start(Authenticated());

        _time.Advance(ConsoleSessions.IdleTimeout - TimeSpan.FromSeconds(1));
        Assert.NotNull(sessions.Find(token));
        _time.Advance(ConsoleSessions.IdleTimeout - TimeSpan.FromSeconds(1));
        Assert.NotNull(sessions.Find(token));
        _time.Advance(ConsoleSessions.IdleTimeout);
        Assert.Null(sessions.Find(token));
    }

    [Fact]
    public void A_session_in_use_still_ends_at_its_maximum_lifetime()
    {
        var sessions = new ConsoleSessions(_time);
        string token = sessions.Start(Authenticated());

        // Used every third of the idle timeout, so that only the maximum lifetime can end it.
        var step = ConsoleSessions.IdleTimeout / 3;
        var elapsed = TimeSpan.Zero;
        while (elapsed + step < ConsoleSessions.MaxLifetime)
        {
            _time.Advance(step);
            elapsed += step;
            Assert.NotNull(sessions.Find(token));
        }
        _time.Advance(step);
        Assert.Null(sessions.Find(token));
    }

    [Fact]
    public void Signing_out_ends_only_that_session_and_an_unknown_token_names_none()
    {
        var sessions = new ConsoleSessions(_time);
        string alice = sessions.Start(Authenticated());
        string other = sessions.Start(Authenticated());

        sessions.End(alice);

        Assert.Null(sessions.Find(alice));
        Assert.NotNull(sessions.Find(other));
        Assert.Null(sessions.Find(other + "x"));
        Assert.Null(sessions.Find(null));
        Assert.NotEqual(alice, other);
    }

    [Fact]
    public async Task A_session_ends_with_its_sasl_session_as_connections_max_reauth_ms_sets_it()
    {
        var sessions = new ConsoleSessions(_time);
        string token = sessions.Start(Authenticated(maxReauthMs: 50));
        Assert.NotNull(sessions.Find(token));

        // SASL sessions keep their end on the real clock.
        for (int attempt = 0; attempt < 100 && sessions.Find(token) is not null; attempt++)
        {
            await Task.Delay(20);
        }

        Assert.Null(sessions.Find(token));
    }

    /// <summary>A SASL state as a PLAIN login leaves it, for User:alice.</summary>
    private static SaslConnectionState Authenticated(long maxReauthMs = 0)
    {
        var settings = new SaslListenerSettings
        {
            PlainUsers = new Dictionary<string, string>(StringComparer.Ordinal) { ["alice"] = "alice-secret" },
            ConnectionsMaxReauthMs = new Dictionary<string, long>(StringComparer.Ordinal) { [SaslListenerSettings.Plain] = maxReauthMs },
        };
        var server = new PlainSaslServer(settings.PlainUsers);
        var state = new SaslConnectionState(settings);
        state.HandshakeDone(rawTokens: false, server);
        var outcome = server.Evaluate("\0alice\0alice-secret"u8);
        Assert.Null(state.Authenticated(outcome, 2).Error);
        Assert.Equal("User:alice", state.Principal);
        return state;
    }

    private sealed class ManualTime : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
