using KafkaNet.Broker.Security;
using KafkaNet.Protocol.Messages;

namespace KafkaNet.Broker.Tests.Security;

/// <summary>Session lifetimes and re-authentication rules of one connection's SASL state (KIP-368), without a broker.</summary>
public sealed class SaslConnectionStateTests
{
    private static readonly SaslListenerSettings Limited = new()
    {
        EnabledMechanisms = ["PLAIN", "OAUTHBEARER"],
        PlainUsers = new Dictionary<string, string> { ["alice"] = "secret" },
        ConnectionsMaxReauthMs = new Dictionary<string, long> { ["PLAIN"] = 5000, ["OAUTHBEARER"] = 0 },
    };

    [Fact]
    public void Plain_session_lasts_connections_max_reauth_ms_and_a_v1_client_may_reauthenticate()
    {
        var state = Authenticate(Limited, "PLAIN", SaslOutcome.Success("alice"), version: 1, out long lifetime);

        Assert.Equal(5000, lifetime);
        Assert.True(state.CanBeginReauthentication);
        Assert.Null(state.Refusal(ProduceRequest.ApiKey));
    }

    [Fact]
    public void Without_limit_or_expiry_the_session_has_no_end_and_cannot_reauthenticate()
    {
        var state = Authenticate(Limited, "OAUTHBEARER", SaslOutcome.Success("alice"), version: 2, out long lifetime);

        Assert.Equal(0, lifetime);
        Assert.False(state.CanBeginReauthentication);
    }

    [Fact]
    public void Expired_credential_ends_the_session_at_once_and_only_a_reauthentication_handshake_is_served()
    {
        var expired = SaslOutcome.Success("alice") with { CredentialExpiry = DateTimeOffset.UtcNow.AddSeconds(-1) };
        var state = Authenticate(Limited, "OAUTHBEARER", expired, version: 1, out long lifetime);
        Thread.Sleep(20); // past the instant it ended, whatever the tick resolution

        Assert.Equal(0, lifetime);
        Assert.True(state.SessionExpired);
        Assert.Equal("the SASL session expired and the client did not re-authenticate", state.Refusal(MetadataRequest.ApiKey));
        Assert.Null(state.Refusal(SaslHandshakeRequest.ApiKey));
    }

    [Fact]
    public void A_v0_client_is_never_offered_reauthentication()
    {
        var state = Authenticate(Limited, "PLAIN", SaslOutcome.Success("alice"), version: 0, out _);

        Assert.False(state.CanBeginReauthentication);
    }

    [Fact]
    public void Reauthentication_with_another_mechanism_fails_with_kafkas_message()
    {
        var state = Authenticate(Limited, "PLAIN", SaslOutcome.Success("alice"), version: 1, out _);

        state.BeginReauthentication(new FixedServer("OAUTHBEARER", SaslOutcome.Success("alice")));
        var outcome = state.Server!.Evaluate([]);

        Assert.True(state.IsReauthenticating);
        Assert.Equal("User:alice", state.Principal);
        Assert.Equal("SASL mechanism 'OAUTHBEARER' requested by client is not supported for re-authentication of mechanism 'PLAIN'", outcome.Error);
    }

    [Fact]
    public void Reauthentication_counts_and_a_changed_principal_fails_the_connection()
    {
        var state = Authenticate(Limited, "PLAIN", SaslOutcome.Success("alice"), version: 1, out _);
        state.BeginReauthentication(new FixedServer("PLAIN", SaslOutcome.Success("alice")));
        Assert.Null(state.Authenticated(state.Server!.Evaluate([]), 1).Error);
        Assert.Equal(1, state.Reauthentications);

        state.BeginReauthentication(new FixedServer("PLAIN", SaslOutcome.Success("bob")));
        var (_, error) = state.Authenticated(state.Server!.Evaluate([]), 1);

        Assert.Equal("Cannot change principals during re-authentication from User.alice: User.bob", error);
        Assert.Equal(SaslStage.Failed, state.Stage);
    }

    private static SaslConnectionState Authenticate(SaslListenerSettings settings, string mechanism, SaslOutcome outcome, short version, out long lifetime)
    {
        var state = new SaslConnectionState(settings);
        state.HandshakeDone(rawTokens: false, new FixedServer(mechanism, outcome));
        var (sessionLifetimeMs, error) = state.Authenticated(state.Server!.Evaluate([]), version);
        Assert.Null(error);
        lifetime = sessionLifetimeMs;
        return state;
    }

    private sealed class FixedServer(string mechanism, SaslOutcome outcome) : ISaslServer
    {
        public string Mechanism => mechanism;

        public SaslOutcome Evaluate(ReadOnlySpan<byte> clientMessage) => outcome;
    }
}
