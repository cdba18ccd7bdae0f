using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace KafkaNet.Fuzz;

/// <summary>
/// One fuzzing connection: sends frames with up to <c>depth</c> answers outstanding and checks
/// every answer against the oldest request still owed one (Kafka answers in request order).
/// A close by the broker is allowed (the next frame reconnects); silence past the timeout is a
/// hang. A frame whose size prefix is broken goes last: the client half-closes after it and the
/// broker must answer what it owes and close.
/// </summary>
internal sealed class FuzzConnection : IDisposable
{
    // A request that asks the broker to wait longer than this is given up on instead of reported.
    private const int LongWaitMs = 60_000;
    private const int MaxResponseBytes = 256 << 20;

    private readonly IPEndPoint _endpoint;
    private readonly FuzzRun _run;
    private readonly Queue<Pending> _pending = new();
    private Socket? _socket;
    private int _owed;

    public FuzzConnection(IPEndPoint endpoint, FuzzRun run)
    {
        _endpoint = endpoint;
        _run = run;
    }

    public async Task RunAsync(Func<long?> nextIndex)
    {
        while (nextIndex() is { } index)
        {
            var frame = _run.Factory.Create(index);
            var expectation = FrameExpectation.Of(frame.Bytes, _run.Advertised);
            if (_socket is null && !await ConnectAsync().ConfigureAwait(false))
            {
                return;
            }
            _run.Stats.CountSent(expectation.ApiKey, frame.Source);
            try
            {
                await _socket!.SendAsync(frame.Bytes, SocketFlags.None).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                BrokerClosed();
                continue;
            }
            _pending.Enqueue(new Pending(frame, expectation));
            if (expectation.Expect == Expect.Response)
            {
                _owed++;
            }
            if (expectation.BreaksFraming)
            {
                await AwaitCloseAsync(halfClose: true).ConfigureAwait(false);
                continue;
            }
            if (expectation.Expect == Expect.Close)
            {
                // Whatever follows would be thrown away with the connection: see the close first.
                await AwaitCloseAsync(halfClose: false).ConfigureAwait(false);
                continue;
            }
            while (_socket is not null && _owed >= _run.Depth)
            {
                await ReadOneAsync().ConfigureAwait(false);
            }
        }
        while (_socket is not null && _owed > 0)
        {
            await ReadOneAsync().ConfigureAwait(false);
        }
        Drop();
    }

    private async Task<bool> ConnectAsync()
    {
        for (int attempt = 0; attempt < 20; attempt++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await socket.ConnectAsync(_endpoint, cts.Token).ConfigureAwait(false);
                _socket = socket;
                return true;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                socket.Dispose();
                if (_run.BrokerDied())
                {
                    return false;
                }
                await Task.Delay(100 * (attempt + 1)).ConfigureAwait(false);
            }
        }
        _run.Stats.Fail("FAIL connect: the broker accepts no connection after 20 attempts");
        _run.Abort();
        return false;
    }

    /// <summary>Reads one response and checks it; handles a close or a timeout.</summary>
    private async Task ReadOneAsync()
    {
        var (waitMs, longWait) = Allowance();
        byte[]? response;
        try
        {
            response = await ReceiveFrameAsync(waitMs).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            if (longWait)
            {
                _run.Stats.CountAbandonedLongWait();
            }
            else if (!_run.BrokerDied())
            {
                var owed = _pending.First(p => p.Expectation.Expect == Expect.Response);
                _run.Stats.Fail(_run.Report("hang: no response and no close", owed, $"waited {waitMs} ms"));
                _run.HangSeen();
            }
            Drop();
            return;
        }
        if (response is null)
        {
            BrokerClosed();
            return;
        }
        Check(response);
    }

    private void Check(byte[] response)
    {
        _run.Stats.CountResponse();
        if (response.Length < 4)
        {
            _run.Stats.Fail(_run.Report("response shorter than a correlation id", _pending.FirstOrDefault(), Hex.Of(response)));
            Drop();
            return;
        }
        int correlationId = BinaryPrimitives.ReadInt32BigEndian(response);
        Pending? skipped = null;
        while (_pending.Count > 0)
        {
            var head = _pending.Dequeue();
            if (head.Expectation.Expect != Expect.Response)
            {
                skipped = head; // acks=0 or undecodable: no answer owed
                continue;
            }
            _owed--;
            if (head.Expectation.CorrelationId != correlationId)
            {
                _run.Stats.Fail(_run.Report("wrong correlation id", head, $"got {correlationId}, expected {head.Expectation.CorrelationId}; response {Hex.Of(response, 256)}"));
                Drop();
                return;
            }
            try
            {
                RequestFrames.DecodeResponse(response, head.Expectation.ApiKey, head.Expectation.ResponseVersion, head.Expectation.ResponseHeaderVersion, out _);
            }
            catch (Exception e)
            {
                _run.Stats.Fail(_run.Report("unparsable response", head,
                    $"as v{head.Expectation.ResponseVersion} (header v{head.Expectation.ResponseHeaderVersion}): {e.GetType().Name}: {e.Message}; response {Hex.Of(response, 512)}"));
                Drop();
            }
            return;
        }
        _run.Stats.Fail(_run.Report("a response where none is owed (acks=0, or a frame the broker cannot decode)", skipped, $"correlation id {correlationId}; response {Hex.Of(response, 256)}"));
        Drop();
    }

    /// <summary>
    /// After a frame the broker must refuse: it answers what it owes, then closes. After a frame
    /// whose size prefix lies, the client half-closes first (the broker may be waiting for the
    /// rest) and the broker's reading of the stray bytes is not held to anything. Answers owed
    /// may be lost either way: a broker closing with unread bytes resets the connection.
    /// </summary>
    private async Task AwaitCloseAsync(bool halfClose)
    {
        var broken = _pending.Last();
        try
        {
            if (halfClose)
            {
                _socket!.Shutdown(SocketShutdown.Send);
            }
        }
        catch (SocketException)
        {
            BrokerClosed();
            return;
        }
        var watch = Stopwatch.StartNew();
        var (allowedMs, longWait) = Allowance();
        for (int i = 0; i < 10_000 && _socket is not null; i++)
        {
            int left = (int)(allowedMs - watch.ElapsedMilliseconds);
            byte[]? response;
            try
            {
                response = await ReceiveFrameAsync(Math.Max(1, left)).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                if (longWait)
                {
                    _run.Stats.CountAbandonedLongWait();
                }
                else if (!_run.BrokerDied())
                {
                    _run.Stats.Fail(_run.Report(halfClose ? "hang: no close after the client half-closed behind a broken frame" : "hang: no close after a frame the broker cannot decode", broken, ""));
                    _run.HangSeen();
                }
                Drop();
                return;
            }
            if (response is null)
            {
                BrokerClosed();
                return;
            }
            if (_owed > 0 || !halfClose)
            {
                Check(response);
            }
            else
            {
                _run.Stats.CountResponse(); // the broker's reading of the broken bytes: nothing to hold it to
            }
        }
        Drop();
    }

    /// <summary>
    /// How long the broker may stay silent: the hang timeout plus the longest wait an owed request
    /// asks for (a fetch's MaxWaitMs, a join's timeouts). Past a minute of asked wait the harness
    /// gives up on the connection instead of reporting a hang.
    /// </summary>
    private (int Milliseconds, bool LongWait) Allowance()
    {
        int hang = (int)_run.HangTimeout.TotalMilliseconds;
        int asked = _pending.Where(p => p.Expectation.Expect == Expect.Response).Select(p => Math.Max(0, p.Expectation.DeclaredWaitMs)).DefaultIfEmpty(0).Max();
        return asked > LongWaitMs ? (hang + LongWaitMs, true) : (hang + asked, false);
    }

    private async Task<byte[]?> ReceiveFrameAsync(int timeoutMs)
    {
        using var cts = new CancellationTokenSource(timeoutMs);
        var size = new byte[4];
        if (!await ReadExactlyAsync(size, cts.Token).ConfigureAwait(false))
        {
            return null;
        }
        int length = BinaryPrimitives.ReadInt32BigEndian(size);
        if (length < 0 || length > MaxResponseBytes)
        {
            _run.Stats.Fail(_run.Report("response size out of range", _pending.FirstOrDefault(), $"size {length}"));
            return null;
        }
        var body = new byte[length];
        return await ReadExactlyAsync(body, cts.Token).ConfigureAwait(false) ? body : null;
    }

    private async Task<bool> ReadExactlyAsync(byte[] buffer, CancellationToken token)
    {
        int filled = 0;
        try
        {
            while (filled < buffer.Length)
            {
                int read = await _socket!.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, token).ConfigureAwait(false);
                if (read == 0)
                {
                    return false;
                }
                filled += read;
            }
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private void BrokerClosed()
    {
        _run.Stats.CountBrokerClosed();
        Drop();
    }

    private void Drop()
    {
        _socket?.Dispose();
        _socket = null;
        _pending.Clear();
        _owed = 0;
    }

    public void Dispose() => Drop();

    public sealed record Pending(FuzzFrame Frame, FrameExpectation Expectation);
}
