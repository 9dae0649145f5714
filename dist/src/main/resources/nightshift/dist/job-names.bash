
# Job names for `nightshift run <TAB>`, asked of `nightshift jobs` with the global options typed before `run` (so the
# jobs of `--lib DIR` are offered too); every other word is completed by the function above, from the command's model.
function _nightshift_complete() {
  local valued=" @VALUED_OPTIONS@ "
  local i run=0
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in
      run) run=$i; break ;;
      -*) [[ $valued == *" ${COMP_WORDS[i]} "* ]] && ((i++)) ;;
      *) break ;;
    esac
  done
  local word=${COMP_WORDS[COMP_CWORD]}
  if ((run > 0 && COMP_CWORD == run + 1)) && [[ $word != -* ]]; then
    local jobs command=()
    for ((i = 0; i < run; i++)); do command+=("${COMP_WORDS[i]}"); done
    jobs=$("${command[@]}" jobs 2>/dev/null | cut -d ' ' -f 1)
    COMPREPLY=( $(compgen -W "$jobs" -- "$word") )
    return 0
  fi
  _complete_nightshift "$@"
}
complete -F _nightshift_complete -o default nightshift
