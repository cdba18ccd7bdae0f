using KafkaNet.Broker;
using Microsoft.Extensions.Logging;

namespace KafkaNet.Embedded;

/// <summary>Settings for an in-process broker; the defaults suit a test.</summary>
public sealed class EmbeddedKafkaOptions
{
    /// <summary>node.id of the broker.</summary>
    public int NodeId { get; set; } = 1;

    /// <summary>The data directory; null means a new temporary directory, deleted on dispose.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Where logs go; null discards them.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// The API handlers to serve instead of the default set: a seam for tests that need a broker
    /// to misbehave or to serve an API in a narrower range.
    /// </summary>
    public IEnumerable<KafkaNet.Broker.Handlers.IApiHandler>? Handlers { get; set; }

    /// <summary>How long <see cref="EmbeddedKafka.StartAsync"/> waits for the broker to be ready.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The metrics listener (/metrics, /health/live, /health/ready), e.g. http://127.0.0.1:0 for a free port
    /// (<see cref="EmbeddedKafka.MetricsEndpoint"/> then tells which); null, the default, serves none.
    /// </summary>
    public Uri? MetricsListener { get; set; }

    /// <summary>
    /// Whether the metrics listener also serves the web console at /console (console.enabled); needs
    /// <see cref="MetricsListener"/>. Off by default.
    /// </summary>
    public bool WebConsole { get; set; }

    /// <summary>
    /// Turns on the ACL authorizer (authorizer.class.name set to Kafka's StandardAuthorizer): requests then need ACLs,
    /// made with CreateAcls. Off by default, when every request is allowed.
    /// </summary>
    public bool AclAuthorizer { get; set; }

    /// <summary>super.users: principals ("User:admin") the authorizer allows everything.</summary>
    public IList<string> SuperUsers { get; } = [];

    /// <summary>allow.everyone.if.no.acl.found: whether a resource no ACL names is open to everyone (default false).</summary>
    public bool AllowEveryoneIfNoAclFound { get; set; }

    /// <summary>A last chance to change broker settings (socket.request.max.bytes and the like).</summary>
    public Action<BrokerOptions>? Configure { get; set; }
}
