namespace KafkaNet.Broker.Metrics;

/// <summary>
/// <see cref="System.Diagnostics.Stopwatch"/> timestamps of one request on its way through a connection, in order:
/// read off the socket, handler started, handler returned (answered or waiting), response ready, response being
/// sent, response sent. Consecutive pairs are Kafka's RequestQueue, Local, Remote, ResponseQueue and ResponseSend times.
/// </summary>
public readonly record struct RequestTimestamps(long Received, long Started, long LocalDone, long ResponseReady, long SendStarted, long Sent);
