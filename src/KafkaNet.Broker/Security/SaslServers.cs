namespace KafkaNet.Broker.Security;

/// <summary>The server side of each mechanism the broker serves, made fresh for each authentication.</summary>
public static class SaslServers
{
    /// <summary>The mechanism's server, or null when the broker does not serve it.</summary>
    public static ISaslServer? Create(string mechanism, SaslListenerSettings settings, KafkaBroker broker)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(broker);
        return mechanism switch
        {
            SaslListenerSettings.Plain => new PlainSaslServer(settings.PlainUsers),
            SaslListenerSettings.OAuthBearer when settings.OAuthBearerValidator is { } validator => new OAuthBearer.OAuthBearerSaslServer(validator),
            _ when Scram.ScramMechanism.FromName(mechanism) is { } scram => new Scram.ScramSaslServer(scram, user => broker.Image.FindScramCredential(user, scram.Type)),
            _ => null,
        };
    }
}
