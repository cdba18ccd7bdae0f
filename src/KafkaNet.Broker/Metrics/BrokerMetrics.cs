using System.Diagnostics;
using System.Diagnostics.Metrics;
using KafkaNet.Protocol;

namespace KafkaNet.Broker.Metrics;

/// <summary>
/// The broker's instruments, named after Kafka's JMX metrics as Prometheus exporters write them
/// (kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec becomes kafka.server.brokertopicmetrics.messagesin, a counter).
/// Each broker has its own meter, so several brokers in one process export only their own figures.
/// Recording is cheap when nothing listens: the hot paths call these once per partition, never per record.
/// </summary>
public sealed class BrokerMetrics : IDisposable
{
    /// <summary>The name of every broker's meter.</summary>
    public const string MeterName = "KafkaNet.Broker";

    // Request latency buckets in milliseconds: from a cached metadata answer to a long-polling fetch.
    private static readonly double[] LatencyBuckets = [0.5, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000];

    // Tag values are objects: a boxed version per request would allocate, so the versions are boxed once.
    private static readonly object[] Versions = Enumerable.Range(0, 64).Select(v => (object)(short)v).ToArray();

    private readonly Counter<long> _messagesIn;
    private readonly Counter<long> _bytesIn;
    private readonly Counter<long> _bytesOut;
    private readonly Counter<long> _requests;
    private readonly Counter<long> _errors;
    private readonly Histogram<double> _requestQueueTime;
    private readonly Histogram<double> _localTime;
    private readonly Histogram<double> _remoteTime;
    private readonly Histogram<double> _responseQueueTime;
    private readonly Histogram<double> _responseSendTime;
    private readonly Histogram<double> _totalTime;
    private readonly UpDownCounter<long> _connections;
    private readonly Counter<long> _isrShrinks;
    private readonly Counter<long> _isrExpands;

    public BrokerMetrics()
    {
        Meter = new Meter(MeterName);
        _messagesIn = Meter.CreateCounter<long>("kafka.server.brokertopicmetrics.messagesin", null, "Records appended by producers, per topic (MessagesInPerSec)");
        _bytesIn = Meter.CreateCounter<long>("kafka.server.brokertopicmetrics.bytesin", null, "Bytes of record batches appended by producers, per topic (BytesInPerSec)");
        _bytesOut = Meter.CreateCounter<long>("kafka.server.brokertopicmetrics.bytesout", null, "Bytes of record batches sent to consumers, per topic (BytesOutPerSec)");
        _requests = Meter.CreateCounter<long>("kafka.network.requestmetrics.requests", null, "Requests received, per API and version (RequestsPerSec)");
        _errors = Meter.CreateCounter<long>("kafka.network.requestmetrics.errors", null, "Partition errors answered to Produce and Fetch, per error (ErrorsPerSec)");
        _requestQueueTime = Latency("requestqueuetime", "Time from reading a request to its handler starting, per API (RequestQueueTimeMs)");
        _localTime = Latency("localtime", "Time the handler works on a request until it answers or waits, per API (LocalTimeMs)");
        _remoteTime = Latency("remotetime", "Time from the handler waiting (long poll, replication, rebalance) to its response being ready, per API (RemoteTimeMs)");
        _responseQueueTime = Latency("responsequeuetime", "Time from a response being ready to the connection starting to send it, per API (ResponseQueueTimeMs)");
        _responseSendTime = Latency("responsesendtime", "Time to write a response to the socket, per API (ResponseSendTimeMs)");
        _totalTime = Latency("totaltime", "Time from reading a request to sending its response, per API (TotalTimeMs)");
        _connections = Meter.CreateUpDownCounter<long>("kafka.server.socketservermetrics.connectioncount", null, "Open client connections, per listener (connection-count)");
        _isrShrinks = Meter.CreateCounter<long>("kafka.server.replicamanager.isrshrinks", null, "ISR shrinks this broker proposed as leader (IsrShrinksPerSec)");
        _isrExpands = Meter.CreateCounter<long>("kafka.server.replicamanager.isrexpands", null, "ISR expansions this broker proposed as leader (IsrExpandsPerSec)");
    }

    /// <summary>This broker's meter; observable gauges of its state are added to it by the broker.</summary>
    public Meter Meter { get; }

    /// <summary>A batch (or several) appended by a producer to one partition.</summary>
    public void RecordProduced(string topic, int records, int bytes)
    {
        var tag = new KeyValuePair<string, object?>("topic", topic);
        _messagesIn.Add(records, tag);
        _bytesIn.Add(bytes, tag);
    }

    /// <summary>Record bytes of one partition of a consumer's fetch response.</summary>
    public void RecordFetched(string topic, long bytes) => _bytesOut.Add(bytes, new KeyValuePair<string, object?>("topic", topic));

    public void RecordRequest(string api, short version) =>
        _requests.Add(1, new KeyValuePair<string, object?>("request", api), new KeyValuePair<string, object?>("version", Version(version)));

    /// <summary>
    /// The parts of one request's time, Kafka's RequestMetrics: each part runs from one timestamp to the next, so
    /// the parts add up to the total.
    /// </summary>
    public void RecordRequestTimes(string api, in RequestTimestamps times)
    {
        var tag = new KeyValuePair<string, object?>("request", api);
        _requestQueueTime.Record(Milliseconds(times.Received, times.Started), tag);
        _localTime.Record(Milliseconds(times.Started, times.LocalDone), tag);
        _remoteTime.Record(Milliseconds(times.LocalDone, times.ResponseReady), tag);
        _responseQueueTime.Record(Milliseconds(times.ResponseReady, times.SendStarted), tag);
        _responseSendTime.Record(Milliseconds(times.SendStarted, times.Sent), tag);
        _totalTime.Record(Milliseconds(times.Received, times.Sent), tag);
    }

    public void RecordError(string api, ErrorCode error) =>
        _errors.Add(1, new KeyValuePair<string, object?>("request", api), new KeyValuePair<string, object?>("error", ErrorCodes.Name(error)));

    public void ConnectionOpened(string listener) => _connections.Add(1, new KeyValuePair<string, object?>("listener", listener));

    public void ConnectionClosed(string listener) => _connections.Add(-1, new KeyValuePair<string, object?>("listener", listener));

    public void IsrShrunk() => _isrShrinks.Add(1);

    public void IsrExpanded() => _isrExpands.Add(1);

    public void Dispose() => Meter.Dispose();

    private Histogram<double> Latency(string name, string description) =>
        Meter.CreateHistogram("kafka.network.requestmetrics." + name, "ms", description,
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets });

    private static double Milliseconds(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    private static object Version(short version) => (uint)version < (uint)Versions.Length ? Versions[version] : version;
}
