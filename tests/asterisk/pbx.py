"""A real Asterisk 20 (chan_sip) in a temporary folder, the real `sapa agi`, and sipp callers and agents.

Asterisk runs in the foreground (``-f``) with its own asterisk.conf whose directories all point into the
test's folder; modules come from the cached build (.ci/asterisk-build). The dialplan and queues are the
DOCUMENTED files of docs/asterisk/ with only ``PJSIP/`` → ``SIP/``, the AGI address and the recordings folder
substituted (``documented()``); the test adds an entry context that jumps into them and the SIP peers.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import wave
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

from tests.asterisk.rfc2833 import Rfc2833

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs" / "asterisk"
SCENARIOS = Path(__file__).resolve().parent / "scenarios"
DEFAULT_PREFIX = Path.home() / ".cache" / "sapa" / "asterisk-20.20.1" / "prefix"
DOC_AGI = "agi://127.0.0.1:4573"
DOC_REC = "/var/spool/asterisk/sapa"
# FreePBX generates queue 400 from its Queues module; queues_post_custom.conf adds the two options to it.
FREEPBX_QUEUE = "\n[400]\nstrategy=rrmemory\nmember => SIP/1001\nsetinterfacevar=yes\nsetqueuevar=yes\n"

MODULES = [
    "res_timing_timerfd",
    "res_speech",
    "res_rtp_asterisk",
    "chan_sip",
    "pbx_config",
    "res_agi",
    "res_musiconhold",
    "app_dial",
    "app_queue",
    "app_mixmonitor",
    "app_stack",
    "app_verbose",
    "app_playback",
    "app_senddtmf",
    "bridge_simple",
    "bridge_native_rtp",
    "bridge_builtin_features",
    "bridge_holding",
    "codec_ulaw",
    "codec_alaw",
    "format_wav",
    "format_pcm",
    "format_sln",
    "func_channel",
    "func_logic",
    "func_cut",
    "func_strings",
    "func_callerid",
    "func_global",
]


class Placeholders(Template):
    """``$UPPER`` placeholders only: sipp's own ``[$variable]`` references stay as they are."""

    idpattern = r"[A-Z][A-Z_]*"
    flags = re.RegexFlag(0)


def asterisk_prefix() -> Path | None:
    """The built Asterisk's install prefix, or None (SAPA_ASTERISK_PREFIX overrides the cache path)."""
    prefix = Path(os.environ.get("SAPA_ASTERISK_PREFIX", str(DEFAULT_PREFIX)))
    return prefix if (prefix / "sbin" / "asterisk").is_file() else None


RTP_SPAN = 200  # Asterisk's RTP ports (100 RTP/RTCP pairs): plenty for a test's few calls
# port ranges handed to a running Asterisk for RTP: never given to sipp's media, which would race Asterisk for
# them ("Unable to bind audio RTP socket ... Address already in use" on a busy machine)
_RESERVED: list[range] = []


def free_port(kind: int = socket.SOCK_DGRAM, span: int = 1) -> int:
    """A loopback port (and ``span - 1`` after it) free for UDP and TCP right now, outside Asterisk's RTP."""
    for _ in range(200):
        with socket.socket(socket.AF_INET, kind) as probe:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        ours = range(port, port + span)
        taken = any(ours.start < r.stop and r.start < ours.stop for r in _RESERVED)
        if port + span < 65000 and not taken and all(_free(p) for p in ours):
            return port
    raise RuntimeError("no free loopback port")


def rtp_range() -> range:
    """An even-started port range for Asterisk's RTP, free now and kept from every later ``free_port``."""
    start = free_port(span=RTP_SPAN) // 2 * 2 + 2
    ports = range(start, start + RTP_SPAN - 2)
    _RESERVED.append(ports)
    return ports


def _free(port: int) -> bool:
    for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
        with socket.socket(socket.AF_INET, kind) as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                return False
    return True


def documented(name: str, *, agi: str, recordings: Path) -> str:
    """A docs/asterisk file as an operator would install it, with this test's addresses and paths."""
    text = (DOCS / name).read_text(encoding="utf-8")
    return text.replace("PJSIP/", "SIP/").replace(DOC_AGI, agi).replace(DOC_REC, str(recordings))


def wait_until(predicate: object, timeout_s: float, what: str, step_s: float = 0.2) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(step_s)
    raise AssertionError(f"timed out after {timeout_s:.0f} s waiting for {what}")


def write_tone(folder: Path, hz: int) -> Path:
    """A 2 s sine as 8 kHz mu-law WAV, what sipp's rtp_stream sends (PCMU)."""
    path = folder / f"tone-{hz}.wav"
    if not path.exists():
        cmd = ["sox", "-n", "-r", "8000", "-c", "1", "-e", "u-law", str(path), "synth", "2", "sine", str(hz)]
        subprocess.run(cmd, check=True, capture_output=True)
    return path


def write_silence(path: Path, seconds: float = 0.3) -> None:
    """An 8 kHz mono 16-bit WAV prompt (what `sapa prompts build` writes), here short silence."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\0\0" * int(8000 * seconds))


# -- Sapa ---------------------------------------------------------------------------------------------


@dataclass
class Sapa:
    """The `sapa` CLI of this worktree against one SQLite database; ``agi()`` starts the FastAGI server."""

    root: Path
    port: int = field(default_factory=lambda: free_port(socket.SOCK_STREAM))
    process: subprocess.Popen[bytes] | None = None

    @property
    def db_url(self) -> str:
        return f"sqlite:///{self.root / 'sapa.db'}"

    @property
    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "PYTHONPATH": str(REPO),
            "SAPA_CONFIG": str(REPO / "config.yaml"),
            "SAPA_DATABASE_URL": self.db_url,
            "SAPA_IVR_PROMPTS_DIR": str(self.root / "prompts"),
            "SAPA_IVR_CUSTOM_PROMPTS_DIR": str(self.root / "prompts-custom"),
            "SAPA_IVR_COMMENTS_DIR": str(self.root / "comments"),
            # ingest runs after the calls hung up: MixMonitor has closed every file (an open WAV is still
            # recognised by its header), so no settling time (ingest.stable_s) is needed here
            "SAPA_INGEST_STABLE_S": "0",
        }

    def cli(self, *args: str, timeout_s: float = 300, check: bool = True) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "sapa.cli", *args],
            cwd=self.root,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout_s,
        )
        assert done.returncode == 0 or not check, (
            f"sapa {' '.join(args)} failed: {done.stdout}\n{done.stderr}"
        )
        return done.stdout + done.stderr

    def prepare(self, prompt_names: Iterable[tuple[str, str, str]]) -> None:
        """Database, agents 1001/1002, the shipped script active, and a short prompt for every name."""
        self.cli("db", "upgrade")
        self.cli("agents", "add", "1001", "Айгерим Нурланова", "--team", "first-line")
        self.cli("agents", "add", "1002", "Иван Петров", "--team", "first-line")
        script = REPO / "dialogue" / "scripts" / "support-first-line.yaml"
        self.cli("script", "import", str(script), "--activate")
        for language, namespace, name in prompt_names:
            write_silence(self.root / "prompts" / language / namespace / f"{name}.wav")

    def agi(self) -> None:
        log = (self.root / "sapa-agi.log").open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sapa.cli", "agi", "--host", "127.0.0.1", "--port", str(self.port)],
            cwd=self.root,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_until(self._listening, 120, "sapa agi to listen")

    def _listening(self) -> bool:
        """`sapa agi` prints its address once it accepts (no probe connection: that would log a warning)."""
        assert self.process is not None
        if self.process.poll() is not None:
            raise AssertionError(f"sapa agi exited: {self.log()}")
        return f"agi://127.0.0.1:{self.port}/" in self.log()

    def log(self) -> str:
        path = self.root / "sapa-agi.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


# -- Asterisk -----------------------------------------------------------------------------------------


@dataclass
class Peer:
    name: str
    port: int
    context: str
    dtmfmode: str = "rfc2833"


@dataclass
class Asterisk:
    prefix: Path
    root: Path
    agi: str
    peers: list[Peer]
    sip_port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def etc(self) -> Path:
        return self.root / "etc"

    @property
    def recordings(self) -> Path:
        return self.root / "recordings"

    @property
    def conf(self) -> Path:
        return self.etc / "asterisk.conf"

    def configure(self, entry: str) -> None:
        for sub in ("etc", "varlib", "db", "keys", "agi", "spool", "run", "log", "recordings"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        files = {
            "asterisk.conf": self._asterisk_conf(),
            "modules.conf": "[modules]\nautoload=no\n" + "".join(f"load => {m}.so\n" for m in MODULES),
            "logger.conf": "[general]\n[logfiles]\nmessages.log => notice,warning,error,verbose(4)\n",
            "rtp.conf": self._rtp_conf(),
            "sip.conf": self._sip_conf(),
            "musiconhold.conf": "[default]\nmode=files\ndirectory=moh\n",
            "queues.conf": documented("queues_sapa.conf", agi=self.agi, recordings=self.recordings)
            + FREEPBX_QUEUE,
            "extensions_sapa.conf": documented(
                "extensions_sapa.conf", agi=self.agi, recordings=self.recordings
            ),
            "extensions_custom.conf": documented(
                "freepbx_extensions_custom.conf", agi=self.agi, recordings=self.recordings
            ),
            "extensions.conf": "[general]\nstatic=yes\nwriteprotect=yes\n\n#include extensions_sapa.conf\n"
            "#include extensions_custom.conf\n\n" + entry,
        }
        for name, text in files.items():
            (self.etc / name).write_text(text, encoding="utf-8")

    def _rtp_conf(self) -> str:
        # a bounded range: with "rtpend=65000" Asterisk could take the port just handed to sipp's media
        ports = rtp_range()
        return f"[general]\nrtpstart={ports.start}\nrtpend={ports.stop - 1}\n"

    def _asterisk_conf(self) -> str:
        r, p = self.root, self.prefix
        return Template(
            "[directories]\nastetcdir => $r/etc\nastmoddir => $p/lib/asterisk/modules\n"
            "astvarlibdir => $r/varlib\nastdbdir => $r/db\nastkeydir => $r/keys\n"
            "astdatadir => $p/var/lib/asterisk\nastagidir => $r/agi\nastspooldir => $r/spool\n"
            "astrundir => $r/run\nastlogdir => $r/log\nastsbindir => $p/sbin\n"
            "[options]\nverbose = 4\nnocolor = yes\nhideconnect = yes\n"
        ).substitute(r=r, p=p)

    def _sip_conf(self) -> str:
        general = (
            f"[general]\ncontext=test-entry\nallowguest=yes\nudpbindaddr=127.0.0.1:{self.sip_port}\ntransport=udp\n"
            "tcpenable=no\ndisallow=all\nallow=ulaw\ndtmfmode=info\nrtptimeout=0\ndirectmedia=no\n"
            "qualify=no\nalwaysauthreject=no\nuseragent=sapa-test\n\n"
        )
        peers = "".join(
            f"[{p.name}]\ntype=friend\nhost=127.0.0.1\nport={p.port}\ncontext={p.context}\n"
            f'callerid="{p.name}" <{p.name}>\ndtmfmode={p.dtmfmode}\ndisallow=all\nallow=ulaw\n\n'
            for p in self.peers
        )
        return general + peers

    def start(self) -> None:
        log = (self.root / "asterisk.out").open("wb")
        binary = self.prefix / "sbin" / "asterisk"
        self.process = subprocess.Popen(
            [str(binary), "-C", str(self.conf), "-f", "-n", "-q"],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_until(self._booted, 180, "Asterisk to boot", step_s=0.5)
        loaded = self.cli("module show")
        missing = [m for m in MODULES if f"{m}.so" not in loaded]
        assert not missing, f"Asterisk modules not loaded: {missing}\n{self.log()[-3000:]}"

    def _booted(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise AssertionError(f"Asterisk exited: {self.log()[-3000:]}")
        try:
            self.cli("core waitfullybooted", timeout_s=5)
            return True
        except (AssertionError, subprocess.TimeoutExpired):
            return False

    def cli(self, command: str, timeout_s: float = 30) -> str:
        done = subprocess.run(
            [str(self.prefix / "sbin" / "asterisk"), "-C", str(self.conf), "-rx", command],
            capture_output=True,
            text=True,
            timeout=timeout_s,
        )
        assert done.returncode == 0, f"asterisk -rx {command!r}: {done.stdout} {done.stderr}"
        return done.stdout

    def log(self) -> str:
        path = self.root / "log" / "messages.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def no_channels(self) -> bool:
        return "0 active channels" in self.cli("core show channels count")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            self.cli("core stop now", timeout_s=15)
            self.process.wait(30)
        except (AssertionError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait(10)


# -- sipp ---------------------------------------------------------------------------------------------


@dataclass
class Sipp:
    """One sipp instance running one call of a scenario template from tests/asterisk/scenarios/."""

    root: Path
    name: str
    port: int
    process: subprocess.Popen[bytes] | None = None

    def start(self, scenario: str, target: str | None, service: str = "s", **values: str) -> None:
        text = Placeholders((SCENARIOS / scenario).read_text(encoding="utf-8")).safe_substitute(values)
        path = self.root / f"{self.name}.xml"
        path.write_text(text, encoding="utf-8")
        media = free_port(span=4)
        cmd = ["sipp", "-sf", str(path), "-i", "127.0.0.1", "-p", str(self.port), "-mp", str(media)]
        cmd += ["-m", "1", "-nostdin"]
        cmd += ["-trace_err", "-trace_msg", "-timeout", "120s", "-timeout_error", "-s", service]
        cmd += ["-error_file", str(self.root / f"{self.name}-errors.log")]
        cmd += ["-message_file", str(self.root / f"{self.name}-messages.log")]
        if target:
            cmd.append(target)
        out = (self.root / f"{self.name}.out").open("wb")
        self.process = subprocess.Popen(
            cmd, cwd=self.root, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT
        )

    def wait(self, timeout_s: float = 150) -> int:
        assert self.process is not None
        try:
            return self.process.wait(timeout_s)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
            raise AssertionError(f"sipp {self.name} still running after {timeout_s:.0f} s") from None

    @property
    def call_id(self) -> str:
        """The SIP Call-ID of the one call this sipp (a caller) makes: sipp's default ``%u-%p@%s``."""
        assert self.process is not None
        return f"1-{self.process.pid}@127.0.0.1"

    def go(self, timeout_s: float = 30) -> None:
        """Let a party waiting at ``Steps.wait_for_go()`` go on: a MESSAGE with its Call-ID.

        sipp answers it 200 towards Asterisk (its one remote), so receipt is checked in sipp's message log.
        """
        branch = f"z9hG4bK-go-{time.monotonic_ns()}"
        request = (
            f"MESSAGE sip:{self.name}@127.0.0.1:{self.port} SIP/2.0\r\n"
            f"Via: SIP/2.0/UDP 127.0.0.1:9;branch={branch}\r\n"
            f"From: <sip:test@127.0.0.1>;tag=go\r\nTo: <sip:{self.name}@127.0.0.1>\r\n"
            f"Call-ID: {self.call_id}\r\nCSeq: 1 MESSAGE\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n"
        )
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.sendto(request.encode(), ("127.0.0.1", self.port))
        wait_until(lambda: branch in self.messages(), timeout_s, f"sipp {self.name} to get the go-ahead")

    def messages(self) -> str:
        path = self.root / f"{self.name}-messages.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def report(self) -> str:
        parts = []
        for suffix in ("-errors.log", ".out"):
            path = self.root / f"{self.name}{suffix}"
            if path.exists():
                parts.append(path.read_text(errors="replace")[-2000:])
        return "\n".join(parts)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)


def sipp_available() -> bool:
    return shutil.which("sipp") is not None


@dataclass
class Steps:
    """What one sipp party does after the call is up: pauses, DTMF keys, hanging up.

    Keys go as SIP INFO (application/dtmf-relay), or with ``dtmf`` as RFC 2833 RTP events that sipp plays
    from a pcap written per key (tests/asterisk/rfc2833.py).
    """

    uac: bool
    caller: str = "77011234567"
    parts: list[str] = field(default_factory=list)
    cseq: int = 1
    dtmf: Rfc2833 | None = None

    @property
    def headers(self) -> dict[str, str]:
        if self.uac:
            uri = f"<sip:{self.caller}@[local_ip]:[local_port]>"
            own = f'"{self.caller}" {uri};tag=[pid]SIPpTag00[call_number]'
            return {"FROM": own, "TO": "[$remote_to]"}
        return {"FROM": "[$local_to]", "TO": "[$remote_from]"}

    def _snippet(self, name: str, **values: str) -> str:
        self.cseq += 1
        text = Placeholders((SCENARIOS / name).read_text(encoding="utf-8"))
        return text.safe_substitute(self.headers, CSEQ=str(self.cseq), **values)

    def pause(self, ms: int) -> Steps:
        """Wait ``ms``; a BYE from Asterisk meanwhile is answered 200 from its own headers and ends the party.

        Not a ``<pause>``: a BYE during one is "unexpected", and sipp 3.6 answers at ``_unexp.main`` with the
        headers of the last *expected* message (the INVITE's 200, an INFO's 200), which Asterisk does not
        take; it then resends its BYE for 32 s to that port, where the next test's sipp agent may take it
        for its one call and exit without answering the queue.
        """
        label = f"waited-{len(self.parts)}"
        self.parts.append(
            f'  <recv request="BYE" timeout="{ms}" ontimeout="{label}" next="_unexp.main"/>\n'
            f'  <label id="{label}"/>\n'
        )
        return self

    def stream(self, wav: Path) -> Steps:
        """Send this 8 kHz mu-law WAV as RTP, looped, from now on (sipp's rtp_stream)."""
        self.parts.append(f'  <nop><action><exec rtp_stream="{wav},-1,0"/></action></nop>\n')
        return self

    def key(self, digit: str, after_ms: int = 0) -> Steps:
        if self.dtmf is not None and self._playing():
            after_ms = max(after_ms, self.dtmf.play_ms())
        if after_ms:
            self.pause(after_ms)
        if self.dtmf is None:
            self.parts.append(self._snippet("info.xml", KEY=digit))
            return self
        self.parts.append(
            f'  <nop><action><exec play_pcap_audio="{self.dtmf.pcap(digit)}"/></action></nop>\n'
        )
        return self

    def _playing(self) -> bool:
        """The last step started a key's RTP events: play_pcap_audio runs beside the scenario, and a next
        play (or the end of the call) would cut it short. No pause right after it otherwise: sipp takes a
        request arriving during a pause as unexpected (see ``wait_for_go``)."""
        return bool(self.parts) and "play_pcap_audio" in self.parts[-1]

    def wait_for_go(self) -> Steps:
        """Stop here until the test calls ``Sipp.go()`` (e.g. once the survey asks for a key). The go-ahead
        must find sipp at this step: one arriving during a pause is unexpected and ends the scenario."""
        self.parts.append(self._snippet("go.xml"))
        self.cseq -= 1  # the go-ahead is a request to this party: its own CSeq does not move
        return self

    def keys(self, digit: str, every_ms: int, count: int) -> Steps:
        """The same key again and again until the survey takes one (Asterisk's BYE ends the loop)."""
        for _ in range(count):
            self.key(digit, every_ms)
        return self

    def render(self, hang_up: bool) -> dict[str, str]:
        if hang_up and self.dtmf is not None and self._playing():
            self.pause(self.dtmf.play_ms())
        ending = self._snippet("bye.xml") if hang_up else ""
        return {"STEPS": "".join(self.parts), "ENDING": ending, "CALLER": self.caller}
