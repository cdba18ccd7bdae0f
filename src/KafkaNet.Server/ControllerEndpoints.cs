using KafkaNet.Server.Configuration;

namespace KafkaNet.Server;

/// <summary>Where other nodes reach this node's controller listener.</summary>
internal static class ControllerEndpoints
{
    /// <summary>
    /// The advertised host of the controller listener: its entry in advertised.listeners if there is one, else the
    /// host it binds, or the same default as client listeners get when it binds every interface.
    /// </summary>
    public static string AdvertisedHost(BrokerConfig config, ListenerEndpoint listener)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(listener);
        if (config.AdvertisedListeners.FirstOrDefault(a => a.Name == listener.Name) is { Host.Length: > 0 } advertised)
        {
            return advertised.Host;
        }
        return listener.BindsAllInterfaces ? ListenerResolver.DefaultAdvertisedHost : listener.Host;
    }
}
