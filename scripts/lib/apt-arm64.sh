# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=bash
#
# A private arm64 apt state for downloading Debian arm64 packages on any
# host without touching its apt configuration: arm64 only, empty dpkg
# status, own lists and cache under $apt_dir, the host's update hooks off,
# so nothing outside $apt_dir is written.  Sourced by
# partitions/linux/fetch-kernel.sh and scripts/rpi4/fetch.sh.
#
#   apt_arm64_init DIR [SOURCES_LIST]
#       sets apt_dir and the apt_opts array.  With SOURCES_LIST, that file
#       replaces the host's sources (and DIR/sources.list.d its parts);
#       without, the host's sources are read as they are.
#   candidate_version PKG     the version apt would pick

apt_arm64_init() {
	apt_dir=$1
	mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
	apt_opts=(
		-o APT::Architecture=arm64
		-o APT::Architectures=arm64
		-o Dir::State::Lists="$apt_dir/lists"
		-o Dir::State::Status=/dev/null
		-o Dir::State::extended_states="$apt_dir/extended_states"
		-o Dir::Cache="$apt_dir/cache"
		-o Dir::Cache::pkgcache=
		-o Dir::Cache::srcpkgcache=
		-o APT::Update::Post-Invoke-Success::=
		-o APT::Update::Post-Invoke::=
		-o Debug::NoLocking=1
		-o APT::Sandbox::User=root
	)
	if [[ -n ${2:-} ]]; then
		mkdir -p "$apt_dir/sources.list.d"
		apt_opts+=(
			-o Dir::Etc::SourceList="$2"
			-o Dir::Etc::SourceParts="$apt_dir/sources.list.d"
		)
	fi
}

candidate_version() {
	apt-cache "${apt_opts[@]}" policy "$1" 2>/dev/null |
		awk '/^[[:space:]]*Candidate:/ { print $2; exit }'
}
