"""Clients and test citizens: file formats, loading and the §5 personal-ID checks."""

import dataclasses
import datetime
import json
import os
import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

# vneid-protocol.md §5: the 63-province coding still used by issued numbers.
PROVINCES = {
    "001": "Hà Nội", "002": "Hà Giang", "004": "Cao Bằng", "006": "Bắc Kạn",
    "008": "Tuyên Quang", "010": "Lào Cai", "011": "Điện Biên", "012": "Lai Châu",
    "014": "Sơn La", "015": "Yên Bái", "017": "Hoà Bình", "019": "Thái Nguyên",
    "020": "Lạng Sơn", "022": "Quảng Ninh", "024": "Bắc Giang", "025": "Phú Thọ",
    "026": "Vĩnh Phúc", "027": "Bắc Ninh", "030": "Hải Dương", "031": "Hải Phòng",
    "033": "Hưng Yên", "034": "Thái Bình", "035": "Hà Nam", "036": "Nam Định",
    "037": "Ninh Bình", "038": "Thanh Hoá", "040": "Nghệ An", "042": "Hà Tĩnh",
    "044": "Quảng Bình", "045": "Quảng Trị", "046": "Thừa Thiên Huế", "048": "Đà Nẵng",
    "049": "Quảng Nam", "051": "Quảng Ngãi", "052": "Bình Định", "054": "Phú Yên",
    "056": "Khánh Hoà", "058": "Ninh Thuận", "060": "Bình Thuận", "062": "Kon Tum",
    "064": "Gia Lai", "066": "Đắk Lắk", "067": "Đắk Nông", "068": "Lâm Đồng",
    "070": "Bình Phước", "072": "Tây Ninh", "074": "Bình Dương", "075": "Đồng Nai",
    "077": "Bà Rịa–Vũng Tàu", "079": "TP. Hồ Chí Minh", "080": "Long An",
    "082": "Tiền Giang", "083": "Bến Tre", "084": "Trà Vinh", "086": "Vĩnh Long",
    "087": "Đồng Tháp", "089": "An Giang", "091": "Kiên Giang", "092": "Cần Thơ",
    "093": "Hậu Giang", "094": "Sóc Trăng", "095": "Bạc Liêu", "096": "Cà Mau",
}

_GENDERS = {"male": "male", "nam": "male", "female": "female", "nu": "female", "nữ": "female"}


class ConfigError(Exception):
    """A clients or citizens file the mock cannot use; the message names file and entry."""


def pid_problems(pid: str, birth_date: Optional[str] = None,
                 gender: Optional[str] = None, today: Optional[datetime.date] = None) -> List[str]:
    """Why `pid` is not a valid 12-digit personal ID (§5); empty list when it is."""
    if not isinstance(pid, str) or not re.fullmatch(r"[0-9]{12}", pid):
        return ["must be exactly 12 ASCII digits"]
    problems = []
    if pid[:3] not in PROVINCES:
        problems.append("unknown province code %s" % pid[:3])
    digit = int(pid[3])
    century = 1900 + (digit // 2) * 100
    year = century + int(pid[4:6])
    today = today or datetime.date.today()
    if year > today.year:
        problems.append("birth year %d is in the future" % year)
    if birth_date is not None:
        try:
            born = datetime.date.fromisoformat(birth_date)
        except (TypeError, ValueError):
            return problems + ["birthDate %r is not YYYY-MM-DD" % (birth_date,)]
        if born.year != year:
            problems.append("digits 4-6 say birth year %d, birthDate says %d" % (year, born.year))
    if gender is not None:
        want_female = _GENDERS.get(str(gender).lower()) == "female"
        if bool(digit % 2) != want_female:
            problems.append("digit 4 (%d) says %s, gender says %s"
                            % (digit, "female" if digit % 2 else "male", gender))
    return problems


@dataclass(frozen=True)
class Client:
    client_id: str
    client_secret: str
    redirect_uris: Tuple[str, ...]
    post_logout_redirect_uris: Tuple[str, ...] = ()
    name: str = ""
    encrypt_code: bool = False
    envelope: bool = False
    public_key_file: Optional[str] = None
    public_key: object = field(default=None, compare=False, repr=False)
    # Set when the client cannot be served (e.g. its public key file is missing); the
    # mock then refuses it at /auth and /token instead of refusing to start.
    disabled_reason: Optional[str] = None

    @property
    def needs_key(self) -> bool:
        return self.encrypt_code or self.envelope


@dataclass(frozen=True)
class Citizen:
    pid: str
    password: str
    full_name: str
    birth_date: str
    phone: str
    account_type: str = "CONG_DAN"
    account_level: int = 2
    locked: bool = False
    gender: Optional[str] = None
    extra: Dict[str, object] = field(default_factory=dict, compare=False)

    def userinfo(self) -> Dict[str, object]:
        info = {
            "citizenPid": self.pid,
            "fullName": self.full_name,
            "birthDate": self.birth_date,
            "accountType": self.account_type,
            "accountLevel": self.account_level,
        }
        info.update(self.extra)
        return info


def _read_list(path: str, key: str) -> list:
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except OSError as e:
        raise ConfigError("%s: cannot read: %s" % (path, e.strerror)) from None
    except ValueError as e:
        raise ConfigError("%s: not valid JSON: %s" % (path, e)) from None
    if isinstance(data, dict) and isinstance(data.get(key), list):
        data = data[key]
    if not isinstance(data, list):
        raise ConfigError('%s: expected a JSON list (or {"%s": [...]})' % (path, key))
    return data


def _str(entry: dict, name: str, where: str, required: bool = True, default: str = "") -> str:
    value = entry.get(name, None)
    if value is None:
        if required:
            raise ConfigError("%s: missing %r" % (where, name))
        return default
    if not isinstance(value, str) or (required and not value):
        raise ConfigError("%s: %r must be a non-empty string" % (where, name))
    return value


def _bool(entry: dict, name: str, where: str) -> bool:
    value = entry.get(name, False)
    if not isinstance(value, bool):
        raise ConfigError("%s: %r must be true or false" % (where, name))
    return value


def _uri_list(entry: dict, name: str, where: str, required: bool) -> Tuple[str, ...]:
    value = entry.get(name, [])
    if not isinstance(value, list) or not all(isinstance(u, str) and u for u in value):
        raise ConfigError("%s: %r must be a list of URIs" % (where, name))
    if required and not value:
        raise ConfigError("%s: %r must list at least one URI" % (where, name))
    for uri in value:
        if not re.match(r"https?://[^/?#]+", uri) or "#" in uri:
            raise ConfigError("%s: %r is not an absolute http(s) URI without fragment" % (where, uri))
    return tuple(value)


def _unique(uris) -> Tuple[str, ...]:
    """The URIs in their order, each once."""
    return tuple(dict.fromkeys(uris))


def load_clients(path: str, key_overrides: Optional[Dict[str, str]] = None,
                 extra_redirects: Optional[Dict[str, List[str]]] = None,
                 warn=None,
                 extra_post_logout: Optional[Dict[str, List[str]]] = None) -> Dict[str, Client]:
    """Read the clients file. Relative key paths are relative to the file's folder;
    ``$VAR``/``${VAR}`` are expanded; `key_overrides` (client_id -> path, from
    --client-key) wins. `extra_redirects` and `extra_post_logout` (client_id -> URIs,
    from --redirect-uri and --post-logout-redirect-uri) are registered after the file's
    own. A client whose key cannot be loaded is disabled with a warning."""
    from mock_vneid import crypto  # imported here: --help must not need cryptography

    key_overrides = dict(key_overrides or {})
    extra_redirects = dict(extra_redirects or {})
    extra_post_logout = dict(extra_post_logout or {})
    for cid, uris in list(extra_redirects.items()) + list(extra_post_logout.items()):
        for uri in uris:
            if not re.match(r"https?://[^/?#]+", uri) or "#" in uri:
                raise ConfigError("%r (for client %r on the command line) is not an absolute "
                                  "http(s) URI without fragment" % (uri, cid))
    base = os.path.dirname(os.path.abspath(path))
    clients: Dict[str, Client] = {}
    for i, entry in enumerate(_read_list(path, "clients")):
        where = "%s: client #%d" % (path, i + 1)
        if not isinstance(entry, dict):
            raise ConfigError("%s: must be a JSON object" % where)
        cid = _str(entry, "client_id", where)
        where = "%s: client %r" % (path, cid)
        if cid in clients:
            raise ConfigError("%s: duplicate client_id" % where)
        redirects = _uri_list(entry, "redirect_uris", where, required=False)
        redirects = _unique(redirects + tuple(extra_redirects.pop(cid, ())))
        post_logout = _unique(_uri_list(entry, "post_logout_redirect_uris", where, False)
                              + tuple(extra_post_logout.pop(cid, ())))
        if not redirects:
            raise ConfigError("%s: 'redirect_uris' must list at least one URI" % where)
        client = Client(
            client_id=cid,
            client_secret=_str(entry, "client_secret", where),
            redirect_uris=redirects,
            post_logout_redirect_uris=post_logout,
            name=_str(entry, "name", where, required=False, default=cid),
            encrypt_code=_bool(entry, "encrypt_code", where),
            envelope=_bool(entry, "envelope", where),
        )
        key_file = key_overrides.pop(cid, None) or entry.get("public_key_file")
        if key_file is not None and not isinstance(key_file, str):
            raise ConfigError("%s: 'public_key_file' must be a path" % where)
        if key_file:
            key_file = os.path.expanduser(os.path.expandvars(key_file))
            if not os.path.isabs(key_file):
                key_file = os.path.join(base, key_file)
        disabled = None
        public_key = None
        if client.needs_key:
            if not key_file:
                raise ConfigError("%s: encrypt_code/envelope need 'public_key_file'" % where)
            unset = re.search(r"\$\{?(\w+)", key_file)
            try:
                if unset:
                    key_file = entry.get("public_key_file")
                    raise ValueError("environment variable %s is not set" % unset.group(1))
                public_key = crypto.load_public_key(key_file)
            except OSError as e:
                disabled = "public key %s: %s" % (key_file, e.strerror)
            except ValueError as e:
                disabled = "public key %s: %s" % (key_file, e)
            if disabled:
                if warn:
                    warn("client %r disabled: %s (give it with --client-key %s=PATH)"
                         % (cid, disabled, cid))
        clients[cid] = dataclasses.replace(client, public_key_file=key_file,
                                           public_key=public_key, disabled_reason=disabled)
    for cid in list(key_overrides) + list(extra_redirects) + list(extra_post_logout):
        raise ConfigError("%s: no client %r (named on the command line)" % (path, cid))
    if not clients:
        raise ConfigError("%s: no clients" % path)
    return clients


def load_citizens(path: str, allow_invalid_pids: bool = False, warn=None) -> Dict[str, Citizen]:
    """Read the citizens file; each pid must be valid per §5 unless allow_invalid_pids
    (for testing a relying party's own checks), in which case problems are warnings."""
    citizens: Dict[str, Citizen] = {}
    for i, entry in enumerate(_read_list(path, "citizens")):
        where = "%s: citizen #%d" % (path, i + 1)
        if not isinstance(entry, dict):
            raise ConfigError("%s: must be a JSON object" % where)
        pid = entry.get("pid")
        if not isinstance(pid, str):
            raise ConfigError("%s: 'pid' must be a string (keep leading zeros)" % where)
        where = "%s: citizen %s" % (path, pid)
        if pid in citizens:
            raise ConfigError("%s: duplicate pid" % where)
        birth = _str(entry, "birthDate", where)
        gender = entry.get("gender")
        if gender is not None and str(gender).lower() not in _GENDERS:
            raise ConfigError("%s: 'gender' must be male or female" % where)
        level = entry.get("accountLevel", 2)
        if not isinstance(level, int) or isinstance(level, bool):
            raise ConfigError("%s: 'accountLevel' must be an integer" % where)
        phone = _str(entry, "phone", where)
        if not re.fullmatch(r"[0-9]{9,11}", phone):
            raise ConfigError("%s: 'phone' must be 9-11 digits" % where)
        extra = entry.get("extra", {})
        if not isinstance(extra, dict):
            raise ConfigError("%s: 'extra' must be a JSON object" % where)
        problems = pid_problems(pid, birth, gender)
        if problems:
            msg = "%s: invalid personal ID: %s" % (where, "; ".join(problems))
            if not allow_invalid_pids:
                raise ConfigError(msg + " (use --allow-invalid-pids to load it anyway)")
            if warn:
                warn(msg)
        citizens[pid] = Citizen(
            pid=pid,
            password=_str(entry, "password", where),
            full_name=_str(entry, "fullName", where),
            birth_date=birth,
            phone=phone,
            account_type=_str(entry, "accountType", where, required=False, default="CONG_DAN"),
            account_level=level,
            locked=_bool(entry, "locked", where),
            gender=gender,
            extra=extra,
        )
    return citizens
