using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using SmtpServerHost = SmtpServer.SmtpServer;
using SmtpServiceProvider = SmtpServer.ComponentModel.ServiceProvider;

namespace VendorRisk.Testing;

/// <summary>
/// A real SMTP server on a free loopback port, in process. It records every message it accepts (parsed with
/// MimeKit), refuses recipients whose address starts with <see cref="RejectedLocalPartPrefix"/> with a 550,
/// and can be stopped and started again on the same port to simulate an outage.
/// </summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    /// <summary>Recipients like <c>reject-someone@example.test</c> get "550 mailbox unavailable".</summary>
    public const string RejectedLocalPartPrefix = "reject-";

    private readonly ConcurrentQueue<MimeMessage> _received = new();
    private readonly Lock _gate = new();
    private CancellationTokenSource? _stop;
    private Task? _running;

    /// <summary>How long starting or stopping may take before it is an error: generous, for a loaded machine.</summary>
    private static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(60);

    /// <summary>How often the port is probed while waiting for it to open or close.</summary>
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(50);

    public TestSmtpServer() => Port = FreeLoopbackPort();

    public int Port { get; }

    public bool IsRunning { get; private set; }

    public IReadOnlyList<MimeMessage> Received => [.. _received];

    /// <summary>The copies received of one message, by its Message-ID (without angle brackets).</summary>
    public IReadOnlyList<MimeMessage> ReceivedWithId(string messageId) =>
        _received.Where(m => m.MessageId == messageId).ToList();

    public async Task StartAsync()
    {
        lock (_gate)
        {
            if (IsRunning) return;
            var options = new SmtpServerOptionsBuilder()
                .ServerName("smtp.test")
                .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)).AllowUnsecureAuthentication())
                .Build();
            var services = new SmtpServiceProvider();
            services.Add(new RecordingStore(_received));
            services.Add(new RejectingFilter());
            _stop = new CancellationTokenSource();
            _running = new SmtpServerHost(options, services).StartAsync(_stop.Token);
            IsRunning = true;
        }
        await WaitUntilListeningAsync();
    }

    public async Task StopAsync()
    {
        Task? running;
        lock (_gate)
        {
            if (!IsRunning) return;
            IsRunning = false;
            _stop!.Cancel();
            running = _running;
        }
        try
        {
            await running!.WaitAsync(Ceiling);
        }
        catch (OperationCanceledException)
        {
            // the expected way for the server to end
        }
        _stop!.Dispose();
        // The listener is closed once nothing answers on the port any more.
        var deadline = DateTime.UtcNow + Ceiling;
        while (await AcceptsConnectionAsync())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The test SMTP server still answers on port {Port} after stopping.");
            await Task.Delay(ProbeInterval);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task WaitUntilListeningAsync()
    {
        var deadline = DateTime.UtcNow + Ceiling;
        while (DateTime.UtcNow <= deadline)
        {
            if (_running!.IsFaulted) await _running; // surfaces a bind failure
            if (await AcceptsConnectionAsync()) return;
            await Task.Delay(ProbeInterval);
        }
        throw new TimeoutException($"The test SMTP server did not start listening on port {Port}.");
    }

    private async Task<bool> AcceptsConnectionAsync()
    {
        using var probe = new TcpClient();
        try
        {
            await probe.ConnectAsync(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class RecordingStore(ConcurrentQueue<MimeMessage> received) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            await using var stream = new MemoryStream(buffer.ToArray());
            received.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }

    private sealed class RejectingFilter : MailboxFilter
    {
        public override Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(!to.User.StartsWith(RejectedLocalPartPrefix, StringComparison.OrdinalIgnoreCase));
    }
}
